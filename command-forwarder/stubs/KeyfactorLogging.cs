// Stand-in for Keyfactor's package Keyfactor.Logging: LogHandler hands a handler a logger named after its class.
// Here that logger writes lines the way Command's NLog layout shows them in the sample's traces (time, a correlation
// GUID, the logger's name, [Level] - message) to standard output, at every level. Never shipped.
using System;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Keyfactor.Logging
{
    public static class LogHandler
    {
        /// <summary>Stands for the correlation GUID of Command's request, one per process here.</summary>
        private static readonly string Correlation = Guid.NewGuid().ToString().ToUpperInvariant();
        private static readonly object Lock = new object();

        public static ILogger GetReflectedClassLogger(object instance)
        {
            return new ConsoleLogger(instance.GetType().FullName);
        }

        public static ILogger GetClassLogger<T>()
        {
            return new ConsoleLogger(typeof(T).FullName);
        }

        public static string FlattenException(Exception ex)
        {
            string text = ex.GetType().Name + ": " + ex.Message;
            for (Exception inner = ex.InnerException; inner != null; inner = inner.InnerException)
            {
                text += " ---> " + inner.GetType().Name + ": " + inner.Message;
            }
            return text;
        }

        private sealed class ConsoleLogger : ILogger
        {
            private readonly string name;

            internal ConsoleLogger(string name)
            {
                this.name = name;
            }

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception exception,
                Func<TState, Exception, string> formatter)
            {
                string line = DateTime.Now.ToString("yyyy-MM-dd HH:mm:ss.ffff", CultureInfo.InvariantCulture) + " "
                    + Correlation + " " + name + " [" + logLevel + "] - " + formatter(state, exception)
                    + (exception == null ? "" : " " + FlattenException(exception));
                lock (Lock)
                {
                    Console.Out.WriteLine(line);
                    Console.Out.Flush();
                }
            }

            public bool IsEnabled(LogLevel logLevel)
            {
                return true;
            }

            public IDisposable BeginScope<TState>(TState state)
            {
                return null;
            }
        }
    }
}
