using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Jobhook.CommandForwarder
{
    /// <summary>What became of one POST to Jobhook's ingress.</summary>
    internal enum SendResult
    {
        /// <summary>2xx: journaled by Jobhook (now, or earlier under the same key).</summary>
        Accepted,

        /// <summary>Jobhook refused the completion itself (400, 409, 413, 415, 422): sending it again cannot help.</summary>
        Rejected,

        /// <summary>Not taken now: unreachable, timed out, 5xx, 401/403 (configuration), anything else. Try later.</summary>
        Later
    }

    internal sealed class SendOutcome
    {
        internal SendOutcome(SendResult result, int status, string detail, string eventId)
        {
            Result = result;
            Status = status;
            Detail = detail;
            EventId = eventId;
        }

        internal SendResult Result { get; private set; }

        /// <summary>The HTTP status, 0 when there was none.</summary>
        internal int Status { get; private set; }

        /// <summary>Why it was not accepted, for a log line: never the token.</summary>
        internal string Detail { get; private set; }

        /// <summary>Jobhook's event id of an accepted completion.</summary>
        internal string EventId { get; private set; }
    }

    /// <summary>
    /// Posts one completion with the bearer token and its Idempotency-Key, waiting at most the given time for the
    /// whole answer; whatever happens, it returns an outcome and never throws.
    /// </summary>
    internal sealed class JobhookClient : IDisposable
    {
        private readonly HttpClient http;
        private readonly Uri url;

        internal JobhookClient(Uri url)
        {
            this.url = url;
            // Each call has its own deadline (a CancellationTokenSource), not the client's
            http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        }

        internal SendOutcome Send(byte[] body, string key, string token, TimeSpan timeout)
        {
            Task<SendOutcome> call = Task.Run(() => SendAsync(body, key, token, timeout));
            // The cancellation ends the request; this bound holds Command's thread even if a handler ignored it
            if (!call.Wait(timeout + TimeSpan.FromMilliseconds(500)))
            {
                return new SendOutcome(SendResult.Later, 0, "no answer within " + (int)timeout.TotalMilliseconds + " ms",
                    null);
            }
            return call.Result;
        }

        private async Task<SendOutcome> SendAsync(byte[] body, string key, string token, TimeSpan timeout)
        {
            try
            {
                using (CancellationTokenSource deadline = new CancellationTokenSource(timeout))
                using (HttpRequestMessage request = new HttpRequestMessage(HttpMethod.Post, url))
                {
                    request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    using (HttpResponseMessage response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead,
                        deadline.Token).ConfigureAwait(false))
                    {
                        int status = (int)response.StatusCode;
                        string text = response.Content == null ? ""
                            : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        if (status >= 200 && status < 300)
                        {
                            return new SendOutcome(SendResult.Accepted, status, null, JsonText(text, "eventId"));
                        }
                        string detail = "Jobhook answered " + status + Described(text);
                        if (status == 400 || status == 409 || status == 413 || status == 415 || status == 422)
                        {
                            return new SendOutcome(SendResult.Rejected, status, detail, null);
                        }
                        if (status == 401 || status == 403)
                        {
                            detail += " (check the Token option against io.jobhook.ingress .tokens)";
                        }
                        return new SendOutcome(SendResult.Later, status, detail, null);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return new SendOutcome(SendResult.Later, 0, "no answer within " + (int)timeout.TotalMilliseconds + " ms",
                    null);
            }
            catch (Exception e)
            {
                // HttpRequestException and its causes name the host and the socket error, never a header
                return new SendOutcome(SendResult.Later, 0, "cannot reach Jobhook: " + Flatten(e), null);
            }
        }

        public void Dispose()
        {
            http.Dispose();
        }

        /// <summary>A problem document's title and detail, cut short and kept to one line.</summary>
        private static string Described(string problem)
        {
            string title = JsonText(problem, "title");
            string detail = JsonText(problem, "detail");
            string text = (title == null ? "" : title) + (detail == null ? "" : (title == null ? "" : ": ") + detail);
            return text.Length == 0 ? "" : " (" + OneLine(text, 300) + ")";
        }

        /// <summary>
        /// A top-level string field of a small JSON answer, unescaped enough for a log line; null when absent. Jobhook
        /// answers a handful of flat fields, so a scan serves where a JSON library would be one more dependency.
        /// </summary>
        internal static string JsonText(string json, string field)
        {
            if (string.IsNullOrEmpty(json))
            {
                return null;
            }
            string quoted = "\"" + field + "\"";
            int at = json.IndexOf(quoted, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            int i = at + quoted.Length;
            while (i < json.Length && (json[i] == ' ' || json[i] == ':' || json[i] == '\t' || json[i] == '\r' || json[i] == '\n'))
            {
                i++;
            }
            if (i >= json.Length || json[i] != '"')
            {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (i++; i < json.Length && json[i] != '"'; i++)
            {
                if (json[i] == '\\' && i + 1 < json.Length)
                {
                    i++;
                    char e = json[i];
                    if (e == 'u' && i + 4 < json.Length)
                    {
                        int code;
                        if (int.TryParse(json.Substring(i + 1, 4), System.Globalization.NumberStyles.HexNumber,
                            System.Globalization.CultureInfo.InvariantCulture, out code))
                        {
                            sb.Append((char)code);
                        }
                        i += 4;
                    }
                    else
                    {
                        sb.Append(e == 'n' || e == 'r' || e == 't' || e == 'b' || e == 'f' ? ' ' : e);
                    }
                }
                else
                {
                    sb.Append(json[i]);
                }
            }
            return sb.ToString();
        }

        internal static string OneLine(string text, int max)
        {
            StringBuilder sb = new StringBuilder();
            foreach (char c in text)
            {
                sb.Append(char.IsControl(c) ? ' ' : c);
                if (sb.Length >= max)
                {
                    sb.Append("...");
                    break;
                }
            }
            return sb.ToString();
        }

        internal static string Flatten(Exception e)
        {
            StringBuilder sb = new StringBuilder(e.Message);
            for (Exception inner = e.InnerException; inner != null; inner = inner.InnerException)
            {
                sb.Append(" (").Append(inner.Message).Append(')');
            }
            return OneLine(sb.ToString(), 300);
        }
    }
}
