using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Jobhook.CommandForwarder
{
    /// <summary>
    /// The manifest entry's Options, checked once. Nothing here throws: a constructor that throws can keep Command's
    /// Orchestrator API from starting, so what is wrong is kept as <see cref="Problem"/> (completions are then
    /// spooled, not sent, until the manifest is fixed) or logged and replaced by the default.
    /// </summary>
    internal sealed class ForwarderSettings
    {
        internal const int DefaultTimeoutMs = 3000;
        internal const int DefaultSpoolRetrySeconds = 30;

        private readonly string token;

        internal ForwarderSettings(string url, string token, string spoolDirectory, string timeoutMs,
            string spoolRetrySeconds, string jobTypes)
        {
            Warnings = new List<string>();
            JobTypes = new HashSet<Guid>();
            this.token = token == null ? null : token.Trim();
            Url = CheckUrl(url);
            if (Problem == null)
            {
                Problem = CheckToken(this.token);
            }
            SpoolDirectory = string.IsNullOrWhiteSpace(spoolDirectory) ? DefaultSpoolDirectory() : spoolDirectory.Trim();
            Timeout = TimeSpan.FromMilliseconds(Number("TimeoutMs", timeoutMs, DefaultTimeoutMs, 100, 60000));
            SpoolRetry = TimeSpan.FromSeconds(Number("SpoolRetrySeconds", spoolRetrySeconds, DefaultSpoolRetrySeconds,
                1, 3600));
            if (jobTypes != null)
            {
                foreach (string part in jobTypes.Split(','))
                {
                    Guid id;
                    if (part.Trim().Length == 0)
                    {
                        continue;
                    }
                    if (Guid.TryParse(part.Trim(), out id))
                    {
                        JobTypes.Add(id);
                    }
                    else
                    {
                        Warnings.Add("JobTypes: '" + part.Trim() + "' is no GUID and is ignored");
                    }
                }
            }
        }

        /// <summary>Jobhook's completions endpoint; null when the option is unusable.</summary>
        internal Uri Url { get; private set; }

        /// <summary>Why nothing can be sent with these options, or null.</summary>
        internal string Problem { get; private set; }

        internal string SpoolDirectory { get; private set; }

        /// <summary>How long one call may hold Command's thread, and one request may wait.</summary>
        internal TimeSpan Timeout { get; private set; }

        internal TimeSpan SpoolRetry { get; private set; }

        /// <summary>The job types to forward; empty forwards whatever Command calls the forwarder for.</summary>
        internal HashSet<Guid> JobTypes { get; private set; }

        /// <summary>Options replaced by their defaults or ignored, for the log.</summary>
        internal List<string> Warnings { get; private set; }

        internal static string DefaultSpoolDirectory()
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "Jobhook",
                "CommandForwarder", "spool");
        }

        /// <summary>
        /// The token, read now: env:NAME from the process's environment, file:PATH from the file (so a token
        /// rotated in the file needs no restart), else the option's text itself.
        /// </summary>
        /// <param name="problem">why there is none, never the token</param>
        internal string Token(out string problem)
        {
            problem = null;
            string value;
            if (token.StartsWith("env:", StringComparison.Ordinal))
            {
                string name = token.Substring(4);
                value = Environment.GetEnvironmentVariable(name);
                if (string.IsNullOrEmpty(value))
                {
                    problem = "Token: the environment variable " + name + " is not set for Command's process";
                    return null;
                }
            }
            else if (token.StartsWith("file:", StringComparison.Ordinal))
            {
                string path = token.Substring(5);
                try
                {
                    value = File.ReadAllText(path);
                }
                catch (Exception e)
                {
                    problem = "Token: cannot read " + path + " (" + e.GetType().Name + ")";
                    return null;
                }
            }
            else
            {
                value = token;
            }
            value = value.Trim();
            foreach (char c in value)
            {
                if (c < 0x21 || c > 0x7e)
                {
                    problem = "Token: holds a character that cannot go in an HTTP header (space, control or non-ASCII)";
                    return null;
                }
            }
            if (value.Length == 0)
            {
                problem = "Token: empty";
                return null;
            }
            return value;
        }

        private Uri CheckUrl(string url)
        {
            Uri parsed;
            if (string.IsNullOrWhiteSpace(url))
            {
                Problem = "Url: not set; jobhook:forwarder-manifest writes it";
                return null;
            }
            if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out parsed)
                || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                Problem = "Url: not an absolute http or https URL";
                return null;
            }
            if (parsed.UserInfo.Length > 0)
            {
                // never logged: it would hold a password
                Problem = "Url: must carry no user name or password; the token goes in the Token option";
                return null;
            }
            return parsed;
        }

        private static string CheckToken(string token)
        {
            if (string.IsNullOrEmpty(token))
            {
                return "Token: not set (a push token of io.jobhook.ingress .tokens, env:NAME or file:PATH)";
            }
            if (token.StartsWith("<", StringComparison.Ordinal))
            {
                return "Token: still the placeholder of the generated manifest; replace it with a push token, "
                    + "env:NAME or file:PATH";
            }
            return null;
        }

        private int Number(string option, string text, int fallback, int min, int max)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return fallback;
            }
            int value;
            if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value)
                || value < min || value > max)
            {
                Warnings.Add(option + ": '" + text.Trim() + "' is not a whole number from " + min + " to " + max
                    + "; " + fallback + " is used");
                return fallback;
            }
            return value;
        }
    }
}
