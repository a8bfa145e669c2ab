using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace Jobhook.CommandForwarder
{
    /// <summary>
    /// Completions Jobhook could not take yet, on disk: one file per completion holding exactly the bytes to POST,
    /// named &lt;19-digit sequence&gt;-&lt;12 hex digits of its key&gt;.json so that names sort in arrival order. The
    /// sequence is the arrival time in UTC ticks, kept rising within a process and started above the files already
    /// there, so a clock set back does not reorder the spool. A file is written beside its final name (a dot name
    /// ending in .tmp) and renamed into place, so a reader sees it whole or not at all. Completions Jobhook refuses
    /// as malformed go to rejected/, with the reason beside them. Several processes may share the folder (an
    /// application pool recycling overlaps two); a file sent twice is answered by Jobhook as a resend of its key.
    /// </summary>
    internal sealed class Spool
    {
        internal const string RejectedFolder = "rejected";
        private const string Extension = ".json";

        private readonly object sequenceLock = new object();
        private long last;

        internal Spool(string directory)
        {
            Folder = Path.GetFullPath(directory);
            Directory.CreateDirectory(Folder);
            Directory.CreateDirectory(Path.Combine(Folder, RejectedFolder));
            foreach (string name in List())
            {
                long seq;
                if (long.TryParse(name.Substring(0, Math.Min(19, name.Length)), NumberStyles.None,
                    CultureInfo.InvariantCulture, out seq) && seq > last)
                {
                    last = seq;
                }
            }
            RemoveStaleTemporaryFiles();
        }

        internal string Folder { get; private set; }

        /// <summary>The spooled files' names, oldest first.</summary>
        internal string[] List()
        {
            List<string> names = new List<string>();
            foreach (string path in Directory.GetFiles(Folder, "*" + Extension))
            {
                string name = Path.GetFileName(path);
                // *.json also matches longer extensions on some systems; temporary files start with a dot
                if (name.EndsWith(Extension, StringComparison.Ordinal) && !name.StartsWith(".", StringComparison.Ordinal))
                {
                    names.Add(name);
                }
            }
            names.Sort(StringComparer.Ordinal);
            return names.ToArray();
        }

        internal int Count
        {
            get { return List().Length; }
        }

        /// <summary>Adds a completion behind every one spooled before; returns its file name.</summary>
        internal string Add(byte[] body, string key)
        {
            long seq;
            lock (sequenceLock)
            {
                last = Math.Max(DateTime.UtcNow.Ticks, last + 1);
                seq = last;
            }
            string hash = key.Substring(key.Length - 64, 12);
            string name = seq.ToString("D19", CultureInfo.InvariantCulture) + "-" + hash + Extension;
            WriteAtomically(Path.Combine(Folder, name), body);
            return name;
        }

        /// <returns>the file's bytes, or null when another process sent it meanwhile</returns>
        internal byte[] Read(string name)
        {
            try
            {
                return File.ReadAllBytes(Path.Combine(Folder, name));
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }

        internal void Remove(string name)
        {
            // Deleting a file already gone (sent by another process) is no error
            File.Delete(Path.Combine(Folder, name));
        }

        /// <summary>Moves a spooled completion into rejected/, with Jobhook's reason in a .txt beside it.</summary>
        /// <returns>where it went</returns>
        internal string MoveAside(string name, string reason)
        {
            string target = Path.Combine(Folder, RejectedFolder, name);
            WriteAtomically(target + ".txt", Encoding.UTF8.GetBytes(reason + Environment.NewLine));
            string source = Path.Combine(Folder, name);
            if (File.Exists(target))
            {
                File.Delete(source);
            }
            else if (File.Exists(source))
            {
                File.Move(source, target);
            }
            return target;
        }

        /// <summary>Keeps a completion Jobhook refused before it was ever spooled, for the operator to see.</summary>
        internal string Reject(byte[] body, string key, string reason)
        {
            string name = Add(body, key);
            return MoveAside(name, reason);
        }

        private static void WriteAtomically(string path, byte[] bytes)
        {
            string temp = Path.Combine(Path.GetDirectoryName(path), "." + Path.GetFileName(path) + "."
                + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                using (FileStream stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    // On disk before it has its name: a crash leaves a whole file or a temporary one
                    stream.Flush(true);
                }
                if (File.Exists(path))
                {
                    // The same name holds the same completion (sequence and key): nothing to add
                    return;
                }
                File.Move(temp, path);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }

        /// <summary>Temporary files a crash left behind: older than an hour, no writer is still at them.</summary>
        private void RemoveStaleTemporaryFiles()
        {
            foreach (string folder in new[] { Folder, Path.Combine(Folder, RejectedFolder) })
            {
                foreach (string path in Directory.GetFiles(folder, ".*.tmp"))
                {
                    try
                    {
                        if (File.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddHours(-1))
                        {
                            File.Delete(path);
                        }
                    }
                    catch (IOException)
                    {
                        // another process's, or gone: left for the next start
                    }
                }
            }
        }
    }
}
