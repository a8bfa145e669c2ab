using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using Keyfactor.Logging;
using Keyfactor.Platform.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// The test harness (command-forwarder/test-harness) checks the wire format and the spool directly
[assembly: InternalsVisibleTo("ForwarderHarness")]

namespace Jobhook.CommandForwarder
{
    /// <summary>
    /// The one .NET handler a pushing Command runs: it forwards every completion of its JobTypes to Jobhook's ingress
    /// and leaves the handling to Jobhook's handlers.
    /// <para>
    /// Command's thread is held at most TimeoutMs per call. A completion Jobhook cannot take now (unreachable, no
    /// answer in time, 5xx, a token it refuses) is written to the spool directory and sent later, oldest first: by
    /// the next call before its own completion, and by a timer every SpoolRetrySeconds. While anything waits in the
    /// spool, a new completion joins it at the end, so Jobhook receives them in the order Command handed them over.
    /// A completion Jobhook refuses as malformed is moved to the spool's rejected/ folder and the spool goes on.
    /// </para>
    /// <para>
    /// RunHandler answers true once the completion is accepted by Jobhook or safely on disk in the spool (it will be
    /// delivered; false would only make Command write a debug line, it never calls a handler again). It answers false
    /// when the completion can reach Jobhook neither now nor later: refused as malformed, or not sent and not
    /// spooled. It never throws.
    /// </para>
    /// </summary>
    public class JobhookForwarder : IOrchestratorJobCompleteHandler, IDisposable
    {
        /// <summary>The manifest entry's Options (Command 11 binds them by these names).</summary>
        public class Options
        {
            /// <summary>Comma-separated job-type GUIDs; Command calls the forwarder for these only.</summary>
            public string JobTypes { get; set; }

            /// <summary>Jobhook's completions endpoint as Command reaches it.</summary>
            public string Url { get; set; }

            /// <summary>A push token, env:NAME or file:PATH.</summary>
            public string Token { get; set; }

            public string SpoolDirectory { get; set; }

            public string TimeoutMs { get; set; }

            public string SpoolRetrySeconds { get; set; }
        }

        private readonly ForwarderSettings settings;
        private readonly Spool spool;
        private readonly JobhookClient client;
        private readonly Timer timer;
        /// <summary>Held by whoever sends from the spool, so one sender at a time keeps the order.</summary>
        private readonly object sending = new object();
        private ILogger logger;
        /// <summary>What kept the last send from Jobhook, so a lasting outage is one WARN line, not one per try.</summary>
        private volatile string outage;

        public JobhookForwarder(IOptions<Options> options)
        {
            Options o = options == null || options.Value == null ? new Options() : options.Value;
            JobTypes = o.JobTypes;
            settings = new ForwarderSettings(o.Url, o.Token, o.SpoolDirectory, o.TimeoutMs, o.SpoolRetrySeconds,
                o.JobTypes);
            foreach (string warning in settings.Warnings)
            {
                Logger.LogWarning("Jobhook forwarder option {Warning}", warning);
            }
            try
            {
                spool = new Spool(settings.SpoolDirectory);
            }
            catch (Exception e)
            {
                Logger.LogError("Jobhook forwarder: the spool directory {SpoolDirectory} cannot be used ({Error}); "
                    + "completions Jobhook cannot take at once are lost", settings.SpoolDirectory,
                    LogHandler.FlattenException(e));
            }
            if (settings.Problem != null)
            {
                Logger.LogError("Jobhook forwarder not configured: {Problem}. Completions are kept in the spool until "
                    + "the manifest is fixed", settings.Problem);
            }
            else
            {
                client = new JobhookClient(settings.Url);
                Logger.LogInformation("Jobhook forwarder: {Count} job type(s) to {Url}, at most {TimeoutMs} ms per "
                    + "call, spool {SpoolDirectory} ({Waiting} waiting) retried every {Seconds} s",
                    settings.JobTypes.Count, settings.Url, (int)settings.Timeout.TotalMilliseconds,
                    settings.SpoolDirectory, spool == null ? 0 : spool.Count, (int)settings.SpoolRetry.TotalSeconds);
                if (spool != null)
                {
                    // Soon after start, for what an earlier process left in the spool
                    timer = new Timer(OnTimer, null, TimeSpan.FromSeconds(1), settings.SpoolRetry);
                }
            }
        }

        /// <summary>Comma-separated job-type GUIDs, as the manifest's JobTypes option gives them.</summary>
        public string JobTypes { get; set; }

        public ILogger Logger
        {
            get
            {
                if (logger == null)
                {
                    logger = LogHandler.GetReflectedClassLogger(this);
                }
                return logger;
            }
        }

        public bool RunHandler(OrchestratorJobCompleteHandlerContext context)
        {
            if (context == null)
            {
                Logger.LogError("Jobhook forwarder: Command passed no context");
                return false;
            }
            bool result = false;
            try
            {
                Logger.LogTrace("Forwarding the completion for orchestrator [{AgentId}/{ClientMachine}] and JobType "
                    + "'{JobType}', job {JobId}, to Jobhook", context.AgentId, context.ClientMachine, context.JobType,
                    context.JobId);
                if (settings.JobTypes.Count > 0 && !settings.JobTypes.Contains(context.JobTypeId))
                {
                    Logger.LogTrace("Job type {JobTypeId} is not one of the forwarder's JobTypes: not forwarded",
                        context.JobTypeId);
                    result = true;
                }
                else
                {
                    result = Forward(context);
                }
            }
            catch (Exception e)
            {
                Logger.LogError("Jobhook forwarder failed for job {JobId}: {Error}", context.JobId,
                    LogHandler.FlattenException(e));
            }
            Logger.LogTrace("Leaving the Jobhook forwarder for orchestrator [{AgentId}/{ClientMachine}] and JobType "
                + "'{JobType}' with status: {Result}", context.AgentId, context.ClientMachine, context.JobType, result);
            return result;
        }

        private bool Forward(OrchestratorJobCompleteHandlerContext context)
        {
            // Measured on a monotonic clock: a system clock set back cannot stretch the call
            long deadline = Stopwatch.GetTimestamp() + (long)(settings.Timeout.TotalSeconds * Stopwatch.Frequency);
            byte[] body = CompletionJson.Body(context);
            string key = CompletionJson.Key(body);
            Logger.LogTrace("The completion sent is: {Body}", System.Text.Encoding.ASCII.GetString(body));
            if (settings.Problem != null)
            {
                Logger.LogError("Jobhook forwarder not configured: {Problem}", settings.Problem);
                return Spooled(body, key, context);
            }
            // Never wait for another sender: the new completion joins the spool behind what it is sending
            bool sender = Monitor.TryEnter(sending);
            bool more = !sender;
            try
            {
                if (spool != null && (!sender || spool.Count > 0))
                {
                    bool spooled = Spooled(body, key, context);
                    if (sender)
                    {
                        try
                        {
                            more = SendSpool(deadline);
                        }
                        catch (Exception e)
                        {
                            // The completion is on disk all the same: the timer tries again
                            Logger.LogError("Jobhook forwarder could not send its spool: {Error}",
                                LogHandler.FlattenException(e));
                        }
                    }
                    return spooled;
                }
                string problem;
                string token = settings.Token(out problem);
                SendOutcome outcome = token == null
                    ? new SendOutcome(SendResult.Later, 0, problem, null)
                    : client.Send(body, key, token, settings.Timeout);
                switch (outcome.Result)
                {
                    case SendResult.Accepted:
                        Reachable();
                        Logger.LogTrace("Jobhook accepted job {JobId} as event {EventId}", context.JobId, outcome.EventId);
                        return true;
                    case SendResult.Rejected:
                        Rejected(outcome, body, key, context);
                        return false;
                    default:
                        Unreachable(outcome);
                        if (spool == null)
                        {
                            Logger.LogError("Jobhook forwarder: job {JobId} is lost, Jobhook cannot take it ({Detail}) "
                                + "and there is no spool", context.JobId, outcome.Detail);
                            return false;
                        }
                        return Spooled(body, key, context);
                }
            }
            finally
            {
                if (sender)
                {
                    Monitor.Exit(sending);
                }
                // What another call's sending or this call's deadline left in the spool goes soon, not at the next tick
                if (more)
                {
                    Soon();
                }
            }
        }

        private bool Spooled(byte[] body, string key, OrchestratorJobCompleteHandlerContext context)
        {
            if (spool == null)
            {
                Logger.LogError("Jobhook forwarder: job {JobId} is lost, there is no spool to keep it in", context.JobId);
                return false;
            }
            try
            {
                string name = spool.Add(body, key);
                Logger.LogTrace("Job {JobId} waits in the spool as {File}", context.JobId, name);
                return true;
            }
            catch (Exception e)
            {
                Logger.LogError("Jobhook forwarder: job {JobId} is lost, it cannot be written to the spool {Spool}: {Error}",
                    context.JobId, spool.Folder, LogHandler.FlattenException(e));
                return false;
            }
        }

        private void Rejected(SendOutcome outcome, byte[] body, string key, OrchestratorJobCompleteHandlerContext context)
        {
            string kept = "not kept";
            if (spool != null)
            {
                try
                {
                    kept = "kept in " + spool.Reject(body, key, outcome.Detail);
                }
                catch (Exception e)
                {
                    kept = "not kept (" + LogHandler.FlattenException(e) + ")";
                }
            }
            Logger.LogError("Jobhook refused the completion of job {JobId} as malformed: {Detail}; {Kept}", context.JobId,
                outcome.Detail, kept);
        }

        /// <summary>
        /// Sends the spool oldest first until it is empty, Jobhook cannot take one, or the deadline (a call's; none for
        /// the timer) has passed. The caller holds <see cref="sending"/>.
        /// </summary>
        /// <param name="deadline">a <see cref="Stopwatch.GetTimestamp"/> value, or null</param>
        /// <returns>whether the deadline stopped it while Jobhook was taking completions</returns>
        private bool SendSpool(long? deadline)
        {
            bool stopped = false;
            int sent = 0;
            string[] names = spool.List();
            foreach (string name in names)
            {
                TimeSpan timeout = settings.Timeout;
                if (deadline.HasValue)
                {
                    TimeSpan left = TimeSpan.FromSeconds((deadline.Value - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency);
                    if (left < TimeSpan.FromMilliseconds(50))
                    {
                        stopped = true;
                        break;
                    }
                    if (left < timeout)
                    {
                        timeout = left;
                    }
                }
                byte[] body = spool.Read(name);
                if (body == null)
                {
                    continue;
                }
                string problem;
                string token = settings.Token(out problem);
                SendOutcome outcome = token == null
                    ? new SendOutcome(SendResult.Later, 0, problem, null)
                    : client.Send(body, CompletionJson.Key(body), token, timeout);
                if (outcome.Result == SendResult.Later)
                {
                    Unreachable(outcome);
                    break;
                }
                if (outcome.Result == SendResult.Accepted)
                {
                    Reachable();
                    spool.Remove(name);
                    sent++;
                    Logger.LogTrace("Jobhook accepted the spooled {File} as event {EventId}", name, outcome.EventId);
                }
                else
                {
                    string aside = spool.MoveAside(name, outcome.Detail);
                    Logger.LogError("Jobhook refused the spooled {File} as malformed: {Detail}; moved to {Aside}, the "
                        + "spool goes on", name, outcome.Detail, aside);
                }
            }
            if (sent > 0)
            {
                Logger.LogInformation("Jobhook forwarder sent {Sent} spooled completion(s); {Left} left in {Spool}", sent,
                    spool.Count, spool.Folder);
            }
            return stopped;
        }

        private void Soon()
        {
            try
            {
                if (timer != null)
                {
                    timer.Change(TimeSpan.FromMilliseconds(200), settings.SpoolRetry);
                }
            }
            catch (ObjectDisposedException)
            {
                // disposed: nothing is sent any more
            }
        }

        private void OnTimer(object state)
        {
            if (!Monitor.TryEnter(sending))
            {
                return;
            }
            try
            {
                if (spool.Count > 0)
                {
                    SendSpool(null);
                }
            }
            catch (Exception e)
            {
                Logger.LogError("Jobhook forwarder could not send its spool: {Error}", LogHandler.FlattenException(e));
            }
            finally
            {
                Monitor.Exit(sending);
            }
        }

        /// <summary>
        /// Logs that Jobhook did not take a completion: once per kind of trouble at WARN, or at ERROR for a token it
        /// refuses or cannot be read (a configuration error that waiting does not cure); again only at TRACE.
        /// </summary>
        private void Unreachable(SendOutcome outcome)
        {
            string detail = outcome.Detail;
            if (outage == detail)
            {
                Logger.LogTrace("Jobhook still cannot take completions: {Detail}", detail);
                return;
            }
            outage = detail;
            string where = spool == null ? "(no spool)" : spool.Folder;
            int seconds = (int)settings.SpoolRetry.TotalSeconds;
            if (outcome.Status == 401 || outcome.Status == 403 || detail.StartsWith("Token:", StringComparison.Ordinal))
            {
                Logger.LogError("Jobhook forwarder cannot authenticate: {Detail}. Completions wait in the spool {Spool} "
                    + "until the token is fixed, tried every {Seconds} s", detail, where, seconds);
            }
            else
            {
                Logger.LogWarning("Jobhook cannot take completions now: {Detail}. They wait in the spool {Spool} and are "
                    + "sent before the next one and every {Seconds} s", detail, where, seconds);
            }
        }

        private void Reachable()
        {
            if (outage != null)
            {
                outage = null;
                Logger.LogInformation("Jobhook takes completions again");
            }
        }

        public void Dispose()
        {
            if (timer != null)
            {
                using (ManualResetEvent done = new ManualResetEvent(false))
                {
                    // Waits for a timer callback under way, so nothing sends once Dispose returned
                    if (timer.Dispose(done))
                    {
                        done.WaitOne(settings.Timeout + TimeSpan.FromSeconds(1));
                    }
                }
            }
            lock (sending)
            {
                if (client != null)
                {
                    client.Dispose();
                }
            }
        }
    }
}
