// Stand-in for Microsoft.Extensions.Logging.Abstractions: the logger interface Keyfactor's LogHandler hands out and
// the extension methods handlers log with, message templates included ("{Name}" placeholders filled in order).
// Never shipped.
using System;
using System.Text;

namespace Microsoft.Extensions.Logging
{
    public enum LogLevel
    {
        Trace = 0,
        Debug = 1,
        Information = 2,
        Warning = 3,
        Error = 4,
        Critical = 5,
        None = 6
    }

    public struct EventId
    {
        public EventId(int id, string name = null)
        {
            Id = id;
            Name = name;
        }

        public int Id { get; private set; }
        public string Name { get; private set; }
    }

    public interface ILogger
    {
        void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception,
            Func<TState, Exception, string> formatter);

        bool IsEnabled(LogLevel logLevel);

        IDisposable BeginScope<TState>(TState state);
    }

    public static class LoggerExtensions
    {
        public static void LogTrace(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Trace, null, message, args);
        }

        public static void LogDebug(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Debug, null, message, args);
        }

        public static void LogInformation(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Information, null, message, args);
        }

        public static void LogWarning(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Warning, null, message, args);
        }

        public static void LogError(this ILogger logger, string message, params object[] args)
        {
            Write(logger, LogLevel.Error, null, message, args);
        }

        public static void LogError(this ILogger logger, Exception exception, string message, params object[] args)
        {
            Write(logger, LogLevel.Error, exception, message, args);
        }

        private static void Write(ILogger logger, LogLevel level, Exception exception, string template, object[] args)
        {
            string text = Format(template, args);
            logger.Log(level, new EventId(0), text, exception, (s, e) => s);
        }

        /// <summary>Fills "{Name}" placeholders in order; "{{" and "}}" are braces; null is "(null)".</summary>
        public static string Format(string template, object[] args)
        {
            if (args == null || args.Length == 0)
            {
                return template;
            }
            StringBuilder sb = new StringBuilder();
            int next = 0;
            for (int i = 0; i < template.Length; i++)
            {
                char c = template[i];
                if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
                {
                    sb.Append('{');
                    i++;
                }
                else if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
                {
                    sb.Append('}');
                    i++;
                }
                else if (c == '{')
                {
                    int end = template.IndexOf('}', i);
                    if (end < 0)
                    {
                        sb.Append(template.Substring(i));
                        break;
                    }
                    sb.Append(next < args.Length ? (args[next] == null ? "(null)" : args[next].ToString()) : "");
                    next++;
                    i = end;
                }
                else
                {
                    sb.Append(c);
                }
            }
            return sb.ToString();
        }
    }
}
