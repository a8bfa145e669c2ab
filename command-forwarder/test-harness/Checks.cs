using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Keyfactor.Orchestrators.Common.Enums;
using Keyfactor.Platform.Extensions;

namespace Jobhook.CommandForwarder.Harness
{
    /// <summary>The forwarder's pieces without Jobhook: the wire format, the key, the options and the spool's order.</summary>
    internal static class Checks
    {
        private static readonly List<string> Failures = new List<string>();

        internal static int Run()
        {
            WireFormat();
            KeyCoversTheWholeCompletion();
            Options();
            SpoolKeepsArrivalOrder();
            foreach (string f in Failures)
            {
                Console.Out.WriteLine("FAILED: " + f);
            }
            Console.Out.WriteLine(Failures.Count == 0 ? "checks passed" : Failures.Count + " check(s) failed");
            return Failures.Count == 0 ? 0 : 1;
        }

        private static void Expect(bool condition, string what)
        {
            if (!condition)
            {
                Failures.Add(what);
            }
        }

        private static void Equal(string expected, string actual, string what)
        {
            Expect(expected == actual, what + ": expected <" + expected + "> but was <" + actual + ">");
        }

        private static void WireFormat()
        {
            OrchestratorJobCompleteHandlerContext c = Program.Completion(14, new Guid("4BE14534-55B0-4CD7-9871-536B55B5E973"), false);
            c.OperationType = CertStoreOperationType.Add;
            c.JobResult = (OrchestratorJobStatusJobResult)1;
            c.Username = "KFTRAIN\\SVC \"Orchestrator\"\u00e9\n";
            c.ClientMachine = null;
            string body = Encoding.ASCII.GetString(CompletionJson.Body(c));
            Equal("{\"AgentId\":\"fa406103-d84a-43ea-8bfd-99bc1f064281\","
                + "\"Username\":\"KFTRAIN\\\\SVC \\\"Orchestrator\\\"\\u00e9\\n\",\"ClientMachine\":null,"
                + "\"JobResult\":\"1\",\"JobId\":\"" + Program.JobId + "\",\"JobType\":\"" + Program.JobType + "\","
                + "\"JobTypeId\":\"4be14534-55b0-4cd7-9871-536b55b5e973\",\"OperationType\":\"Add\",\"CertificateId\":14,"
                + "\"RequestTimestamp\":\"2026-01-01T00:14:00\",\"CurrentRetryCount\":0}", body, "body");
            c.CertificateId = null;
            c.RequestTimestamp = null;
            string nulls = Encoding.ASCII.GetString(CompletionJson.Body(c));
            Expect(nulls.Contains("\"CertificateId\":null,\"RequestTimestamp\":null,"), "nulls: " + nulls);
            Equal("2023-05-03T23:18:48.1234567Z", CompletionJson.Timestamp(new DateTime(2023, 5, 3, 23, 18, 48,
                DateTimeKind.Utc).AddTicks(1234567)), "UTC timestamp");
            Equal("2023-05-03T23:18:48.5", CompletionJson.Timestamp(new DateTime(2023, 5, 3, 23, 18, 48, 500,
                DateTimeKind.Unspecified)), "unspecified timestamp");
            DateTime local = new DateTime(2023, 5, 3, 23, 18, 48, DateTimeKind.Local);
            Equal(CompletionJson.Timestamp(local.ToUniversalTime()), CompletionJson.Timestamp(local), "local timestamp");
        }

        private static void KeyCoversTheWholeCompletion()
        {
            Guid type = Guid.NewGuid();
            string key = CompletionJson.Key(CompletionJson.Body(Program.Completion(1, type, false)));
            Equal(key, CompletionJson.Key(CompletionJson.Body(Program.Completion(1, type, false))), "same completion, same key");
            Expect(key.StartsWith(CompletionJson.KeyPrefix, StringComparison.Ordinal) && key.Length <= 200, "key " + key);
            OrchestratorJobCompleteHandlerContext nextRun = Program.Completion(1, type, false);
            nextRun.RequestTimestamp = nextRun.RequestTimestamp.Value.AddMinutes(1);
            Expect(key != CompletionJson.Key(CompletionJson.Body(nextRun)), "the next run of the scheduled job has its own key");
            OrchestratorJobCompleteHandlerContext retry = Program.Completion(1, type, false);
            retry.CurrentRetryCount = 1;
            Expect(key != CompletionJson.Key(CompletionJson.Body(retry)), "a platform retry has its own key");
            OrchestratorJobCompleteHandlerContext failed = Program.Completion(1, type, false);
            failed.JobResult = OrchestratorJobStatusJobResult.Failure;
            Expect(key != CompletionJson.Key(CompletionJson.Body(failed)), "another result has its own key");
        }

        private static void Options()
        {
            ForwarderSettings good = new ForwarderSettings(" https://jobhook.example:8642/jobhook/v1/completions ",
                "env:HARNESS_NO_SUCH_VARIABLE", null, "250", "x", "49b3a17d-cada-4ec8-84c6-7719bf5beef3, nope,");
            Expect(good.Problem == null, "good options: " + good.Problem);
            Expect(good.Timeout == TimeSpan.FromMilliseconds(250), "TimeoutMs 250");
            Expect(good.SpoolRetry == TimeSpan.FromSeconds(ForwarderSettings.DefaultSpoolRetrySeconds), "SpoolRetrySeconds x falls back");
            Expect(good.JobTypes.Count == 1 && good.Warnings.Count == 2, "one job type, two warnings: " + string.Join("; ", good.Warnings.ToArray()));
            string problem;
            Expect(good.Token(out problem) == null && problem.Contains("HARNESS_NO_SUCH_VARIABLE"), "env token missing: " + problem);

            string file = Path.GetTempFileName();
            File.WriteAllText(file, "  file-token\n");
            ForwarderSettings fromFile = new ForwarderSettings("http://127.0.0.1:1", "file:" + file, null, null, null, null);
            Equal("file-token", fromFile.Token(out problem), "file token");
            File.Delete(file);
            Expect(fromFile.Token(out problem) == null && problem.StartsWith("Token: cannot read", StringComparison.Ordinal),
                "file token gone: " + problem);

            Expect(new ForwarderSettings(null, "t", null, null, null, null).Problem.StartsWith("Url:", StringComparison.Ordinal), "no Url");
            Expect(new ForwarderSettings("ftp://x", "t", null, null, null, null).Problem.StartsWith("Url:", StringComparison.Ordinal), "ftp Url");
            string withPassword = new ForwarderSettings("https://u:secret-pw@x", "t", null, null, null, null).Problem;
            Expect(withPassword.StartsWith("Url:", StringComparison.Ordinal) && !withPassword.Contains("secret-pw"), "Url with password: " + withPassword);
            Expect(new ForwarderSettings("https://x", "<a push token>", null, null, null, null).Problem.Contains("placeholder"), "placeholder token");
            Expect(new ForwarderSettings("https://x", "", null, null, null, null).Problem.StartsWith("Token:", StringComparison.Ordinal), "no token");
            string bad = new ForwarderSettings("https://x", "two words", null, null, null, null).Token(out problem);
            Expect(bad == null && !problem.Contains("two words"), "a token with a space is refused without echo: " + problem);
        }

        private static void SpoolKeepsArrivalOrder()
        {
            string dir = Path.Combine(Path.GetTempPath(), "forwarder-spool-check-" + Guid.NewGuid().ToString("N"));
            Spool spool = new Spool(dir);
            List<string> added = new List<string>();
            for (int i = 0; i < 50; i++)
            {
                byte[] body = Encoding.ASCII.GetBytes("{\"n\":" + i + "}");
                added.Add(spool.Add(body, CompletionJson.Key(body)));
            }
            Equal(string.Join(",", added.ToArray()), string.Join(",", spool.List()), "spool order");
            // A later process starts above what is there, even with its clock set back
            Spool again = new Spool(dir);
            byte[] late = Encoding.ASCII.GetBytes("{\"n\":50}");
            string last = again.Add(late, CompletionJson.Key(late));
            string[] all = again.List();
            Equal(last, all[all.Length - 1], "a new process adds behind");
            Equal("{\"n\":0}", Encoding.ASCII.GetString(again.Read(all[0])), "content kept");
            string aside = again.MoveAside(all[0], "Jobhook answered 400");
            Expect(File.Exists(aside) && File.Exists(aside + ".txt") && again.Count == 50, "moved aside");
            Expect(Directory.GetFiles(dir, ".*").Length == 0, "no temporary file left");
            Directory.Delete(dir, true);
        }
    }
}
