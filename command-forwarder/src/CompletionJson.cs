using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Keyfactor.Platform.Extensions;

namespace Jobhook.CommandForwarder
{
    /// <summary>
    /// A completion in the wire format of Jobhook's ingress (POST /jobhook/v1/completions): one JSON object with
    /// Keyfactor's field names, written by hand so the forwarder needs no JSON library of a version Command might
    /// load differently. Pure ASCII: anything else is escaped as \uXXXX.
    /// </summary>
    internal static class CompletionJson
    {
        /// <summary>Prefix of every Idempotency-Key the forwarder sends.</summary>
        internal const string KeyPrefix = "jobhook-forwarder:";

        internal static byte[] Body(OrchestratorJobCompleteHandlerContext c)
        {
            StringBuilder sb = new StringBuilder(512);
            sb.Append('{');
            Field(sb, "AgentId", c.AgentId.ToString("D"), true);
            Field(sb, "Username", c.Username, false);
            Field(sb, "ClientMachine", c.ClientMachine, false);
            // Enum names as Keyfactor spells them; a value without a name (JobResult 1) goes as its number, which
            // the ingress takes too
            Field(sb, "JobResult", c.JobResult.ToString(), false);
            Field(sb, "JobId", c.JobId.ToString("D"), false);
            Field(sb, "JobType", c.JobType, false);
            Field(sb, "JobTypeId", c.JobTypeId.ToString("D"), false);
            Field(sb, "OperationType", c.OperationType.ToString(), false);
            sb.Append(",\"CertificateId\":").Append(c.CertificateId.HasValue
                ? c.CertificateId.Value.ToString(CultureInfo.InvariantCulture) : "null");
            Field(sb, "RequestTimestamp", c.RequestTimestamp.HasValue ? Timestamp(c.RequestTimestamp.Value) : null, false);
            sb.Append(",\"CurrentRetryCount\":").Append(c.CurrentRetryCount.ToString(CultureInfo.InvariantCulture));
            sb.Append('}');
            return Encoding.ASCII.GetBytes(sb.ToString());
        }

        /// <summary>
        /// The Idempotency-Key of a body: a digest of the whole completion. A scheduled job keeps its JobId from run
        /// to run, so the key must also cover the request time, the retry count and the result, or Jobhook would
        /// take the next run for a resend of this one; the same completion sent again (after a timeout, from the
        /// spool) gets the same key and the same bytes, so Jobhook answers it with the first event.
        /// </summary>
        internal static string Key(byte[] body)
        {
            using (SHA256 sha = SHA256.Create())
            {
                return KeyPrefix + Hex(sha.ComputeHash(body));
            }
        }

        internal static string Hex(byte[] bytes)
        {
            StringBuilder sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes)
            {
                sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
            return sb.ToString();
        }

        /// <summary>
        /// ISO-8601. A UTC or local time carries its offset (Z, after conversion); a time of unspecified kind, as
        /// Command's database hands them out, goes without one, and Jobhook reads it as UTC as Command means it.
        /// </summary>
        internal static string Timestamp(DateTime t)
        {
            string suffix = "";
            if (t.Kind == DateTimeKind.Local)
            {
                t = t.ToUniversalTime();
                suffix = "Z";
            }
            else if (t.Kind == DateTimeKind.Utc)
            {
                suffix = "Z";
            }
            return t.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF", CultureInfo.InvariantCulture) + suffix;
        }

        private static void Field(StringBuilder sb, string name, string value, bool first)
        {
            if (!first)
            {
                sb.Append(',');
            }
            sb.Append('"').Append(name).Append("\":");
            Quoted(sb, value);
        }

        internal static void Quoted(StringBuilder sb, string value)
        {
            if (value == null)
            {
                sb.Append("null");
                return;
            }
            sb.Append('"');
            foreach (char ch in value)
            {
                switch (ch)
                {
                    case '"':
                        sb.Append("\\\"");
                        break;
                    case '\\':
                        sb.Append("\\\\");
                        break;
                    case '\n':
                        sb.Append("\\n");
                        break;
                    case '\r':
                        sb.Append("\\r");
                        break;
                    case '\t':
                        sb.Append("\\t");
                        break;
                    case '\b':
                        sb.Append("\\b");
                        break;
                    case '\f':
                        sb.Append("\\f");
                        break;
                    default:
                        if (ch < 0x20 || ch > 0x7e)
                        {
                            sb.Append("\\u").Append(((int)ch).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            sb.Append(ch);
                        }
                        break;
                }
            }
            sb.Append('"');
        }
    }
}
