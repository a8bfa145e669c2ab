using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using Jobhook.CommandForwarder;
using Keyfactor.Orchestrators.Common.Enums;
using Keyfactor.Platform.Extensions;

namespace Jobhook.CommandForwarder.Harness
{
    /// <summary>
    /// Drives the forwarder as Command would, one process per run (a run is one lifetime of Command's worker process):
    /// <code>
    /// ForwarderHarness.exe check
    /// ForwarderHarness.exe send --from N --count N [--malformed N,N] [--settle SECONDS] OPTIONS
    /// ForwarderHarness.exe drain --within SECONDS OPTIONS
    /// ForwarderHarness.exe blackhole --from N --spool DIR [--timeout-ms N]
    /// OPTIONS: --url URL --token TOKEN|env:NAME|file:PATH --spool DIR --job-types G,G --job-type-id G
    ///          [--timeout-ms N] [--retry-seconds N]
    /// </code>
    /// Completion N is job JOB_ID (one scheduled job: its JobId never changes) of type ForwarderTestInventory,
    /// CertificateId N, requested at 2026-01-01T00:00 plus N minutes; a malformed one has an empty JobType, which
    /// Jobhook refuses. Prints one "result N True|False" line per call, "spool N" and "rejected N" at the end, the
    /// forwarder's log lines between; exits 0, or 1 for a failed check, 2 for bad arguments, 3 when the spool did not
    /// empty in time.
    /// </summary>
    public static class Program
    {
        public const string JobId = "0b4b411a-4b26-4492-a575-a10adb43a08a";
        public const string JobType = "ForwarderTestInventory";

        public static int Main(string[] args)
        {
            if (args.Length == 0)
            {
                return Usage("no command");
            }
            Dictionary<string, string> o = new Dictionary<string, string>();
            for (int i = 1; i < args.Length; i++)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                {
                    return Usage("'" + args[i] + "'");
                }
                o[args[i].Substring(2)] = args[++i];
            }
            try
            {
                switch (args[0])
                {
                    case "check":
                        return Checks.Run();
                    case "send":
                        return Send(o);
                    case "drain":
                        return Drain(o);
                    case "blackhole":
                        return Blackhole(o);
                    default:
                        return Usage("unknown command " + args[0]);
                }
            }
            catch (KeyNotFoundException e)
            {
                return Usage(e.Message);
            }
        }

        private static int Usage(string what)
        {
            Console.Error.WriteLine("Bad arguments: " + what + ". See the comment of Harness.cs.");
            return 2;
        }

        internal static JobhookForwarder Forwarder(Dictionary<string, string> o)
        {
            JobhookForwarder.Options options = new JobhookForwarder.Options
            {
                Url = o["url"],
                Token = o["token"],
                SpoolDirectory = o["spool"],
                JobTypes = o["job-types"],
                TimeoutMs = o.ContainsKey("timeout-ms") ? o["timeout-ms"] : null,
                SpoolRetrySeconds = o.ContainsKey("retry-seconds") ? o["retry-seconds"] : null
            };
            return new JobhookForwarder(Microsoft.Extensions.Options.Options.Create(options));
        }

        internal static OrchestratorJobCompleteHandlerContext Completion(int n, Guid jobTypeId, bool malformed)
        {
            return new OrchestratorJobCompleteHandlerContext
            {
                AgentId = new Guid("fa406103-d84a-43ea-8bfd-99bc1f064281"),
                Username = "KFTRAIN\\SVC_Orchestrator",
                ClientMachine = "orchestrator.kftrain.lab",
                JobResult = n % 7 == 0 ? OrchestratorJobStatusJobResult.Failure : OrchestratorJobStatusJobResult.Success,
                JobId = new Guid(JobId),
                JobType = malformed ? "" : JobType,
                JobTypeId = jobTypeId,
                OperationType = CertStoreOperationType.Unknown,
                CertificateId = n,
                RequestTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified).AddMinutes(n),
                CurrentRetryCount = 0,
                Client = new HttpClient { BaseAddress = new Uri("https://command.kftrain.lab/KeyfactorAPI/") }
            };
        }

        private static int Send(Dictionary<string, string> o)
        {
            int from = int.Parse(o["from"], CultureInfo.InvariantCulture);
            int count = int.Parse(o["count"], CultureInfo.InvariantCulture);
            HashSet<int> malformed = new HashSet<int>();
            if (o.ContainsKey("malformed"))
            {
                foreach (string m in o["malformed"].Split(','))
                {
                    malformed.Add(int.Parse(m, CultureInfo.InvariantCulture));
                }
            }
            Guid jobTypeId = new Guid(o["job-type-id"]);
            int code = 0;
            using (JobhookForwarder forwarder = Forwarder(o))
            {
                for (int n = from; n < from + count; n++)
                {
                    bool result = forwarder.RunHandler(Completion(n, jobTypeId, malformed.Contains(n)));
                    Console.Out.WriteLine("result " + n + " " + result);
                }
                if (o.ContainsKey("settle") && !Empty(o["spool"], int.Parse(o["settle"], CultureInfo.InvariantCulture)))
                {
                    code = 3;
                }
            }
            Report(o["spool"]);
            return code;
        }

        /// <summary>Only the timer sends: no call is made.</summary>
        private static int Drain(Dictionary<string, string> o)
        {
            int code;
            using (Forwarder(o))
            {
                code = Empty(o["spool"], int.Parse(o["within"], CultureInfo.InvariantCulture)) ? 0 : 3;
            }
            Report(o["spool"]);
            return code;
        }

        /// <summary>
        /// A Jobhook that accepts connections and never answers: the call must come back (after about TimeoutMs, far
        /// below the bound checked here) with the completion spooled.
        /// </summary>
        private static int Blackhole(Dictionary<string, string> o)
        {
            TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            List<TcpClient> held = new List<TcpClient>();
            Thread acceptor = new Thread(() =>
            {
                try
                {
                    while (true)
                    {
                        TcpClient c = listener.AcceptTcpClient();
                        lock (held)
                        {
                            held.Add(c);
                        }
                    }
                }
                catch (SocketException)
                {
                    // stopped
                }
                catch (ObjectDisposedException)
                {
                    // stopped
                }
            });
            acceptor.IsBackground = true;
            acceptor.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            Dictionary<string, string> options = new Dictionary<string, string>(o);
            options["url"] = "http://127.0.0.1:" + port + "/jobhook/v1/completions";
            options["token"] = "blackhole-token";
            options["job-types"] = "";
            int timeoutMs = o.ContainsKey("timeout-ms") ? int.Parse(o["timeout-ms"], CultureInfo.InvariantCulture) : 500;
            options["timeout-ms"] = timeoutMs.ToString(CultureInfo.InvariantCulture);
            options["retry-seconds"] = "3600";
            int n = int.Parse(o["from"], CultureInfo.InvariantCulture);
            int code = 0;
            using (JobhookForwarder forwarder = Forwarder(options))
            {
                Stopwatch watch = Stopwatch.StartNew();
                bool result = forwarder.RunHandler(Completion(n, new Guid(o["job-type-id"]), false));
                watch.Stop();
                Console.Out.WriteLine("result " + n + " " + result);
                // A functional bound, not a measurement: the call came back instead of waiting for an answer
                if (!result || watch.ElapsedMilliseconds > timeoutMs + 10000)
                {
                    Console.Out.WriteLine("FAILED: the call answered " + result + " after " + watch.ElapsedMilliseconds + " ms");
                    code = 1;
                }
            }
            listener.Stop();
            lock (held)
            {
                foreach (TcpClient c in held)
                {
                    c.Close();
                }
            }
            Report(o["spool"]);
            return code;
        }

        private static bool Empty(string spool, int seconds)
        {
            Stopwatch watch = Stopwatch.StartNew();
            while (Spooled(spool) > 0)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
                {
                    Console.Out.WriteLine("FAILED: " + Spooled(spool) + " completion(s) still spooled after " + seconds + " s");
                    return false;
                }
                Thread.Sleep(50);
            }
            return true;
        }

        private static int Spooled(string spool)
        {
            return Directory.Exists(spool) ? Directory.GetFiles(spool, "*.json").Length : 0;
        }

        private static void Report(string spool)
        {
            Console.Out.WriteLine("spool " + Spooled(spool));
            string rejected = Path.Combine(spool, "rejected");
            Console.Out.WriteLine("rejected " + (Directory.Exists(rejected) ? Directory.GetFiles(rejected, "*.json").Length : 0));
        }
    }
}
