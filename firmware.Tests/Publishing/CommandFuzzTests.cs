using System;
using System.Text;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// Fuzzing the MQTT command router with a fixed seed: random bytes, broken JSON, wrong member types,
    /// unknown members, oversized payloads, on command topics (known and unknown verbs, retained or not) and
    /// on other topics. Nothing may throw, every answer must be complete JSON saying ok:false, and no invalid
    /// payload may reach the actions (no relay switched, no poll) even with relay control enabled.
    /// 100,000 payloads on the host, 500 on nanoCLR; "fuzz --count N" runs N/10.
    /// </summary>
    [TestClass]
    public class CommandFuzzTests
    {
        private const string Prefix = "espcollector/espcollector-a1b2c3/cmd/";

        private static readonly string[] Verbs = new string[] { "relay", "relay", "poll", "reboot", "relays", "", "RELAY", "relay/x" };

        private static readonly string[] Templates = new string[]
        {
            "{\"meter\":\"main\",\"state\":\"on\"}",
            "{\"meter\":\"main\",\"state\":\"off\",\"id\":\"42\"}",
            "{\"meter\":\"main\"}",
            "{}",
        };

        private static readonly string[] WrongValues = new string[]
        {
            "1", "-1", "1e309", "[\"on\"]", "{\"state\":\"on\"}", "null", "\"onn\"", "\"\"", "\"o\\u006e\"", "0x1", "\"on\\\"\"", "tru",
        };

        [TestMethod]
        public void RandomCommandPayloadsAreRefusedAndChangeNothing()
        {
            string problem = Run(271828, TestScale.Choose(100000, 500));
            Assert.IsTrue(problem == null, problem);
        }

        /// <summary>Null when every payload passed; otherwise what went wrong first.</summary>
        public static string Run(int seed, int count)
        {
            Random random = new Random(seed);
            TopicLayout topics = new TopicLayout("espcollector", "espcollector-a1b2c3", "homeassistant");
            RecordingCommandActions actions = new RecordingCommandActions();
            CommandRouter enabled = new CommandRouter(topics, actions, true, 256);
            CommandRouter disabled = new CommandRouter(topics, actions, false, 256);
            JsonWriter result = new JsonWriter(2560);
            byte[] payload = new byte[1200];
            for (int index = 0; index < count; index++)
            {
                string verb = Verbs[random.Next(Verbs.Length)];
                string topic = random.Next(20) == 0 ? "espcollector/espcollector-a1b2c3/cmdx/" + verb : Prefix + verb;
                bool retained = random.Next(8) == 0;
                int length = Invalid(random, payload);
                CommandRouter router = random.Next(2) == 0 ? enabled : disabled;
                string resultTopic;
                CommandDisposition disposition;
                try
                {
                    disposition = router.Handle(topic, payload, length, retained, result, out resultTopic);
                }
                catch (Exception exception)
                {
                    return "seed " + seed.ToString() + " payload " + index.ToString() + " on " + topic + ": " + exception.GetType().Name + ": "
                        + Encoding.UTF8.GetString(payload, 0, length > 80 ? 80 : length);
                }

                if (actions.Calls.Count != 0)
                {
                    return "payload " + index.ToString() + " on " + topic + " reached the actions (" + (string)actions.Calls[0] + "): "
                        + Encoding.UTF8.GetString(payload, 0, length > 200 ? 200 : length);
                }

                if (disposition == CommandDisposition.NotACommand)
                {
                    continue;
                }

                string answer = result.ToString();
                if (result.HasOverflowed || answer.IndexOf("\"ok\":false") < 0 || answer[answer.Length - 1] != '}' || disposition != CommandDisposition.Answered)
                {
                    return "payload " + index.ToString() + " on " + topic + ": answer " + answer + " to " + Encoding.UTF8.GetString(payload, 0, length > 200 ? 200 : length);
                }
            }

            return null;
        }

        /// <summary>Writes a payload no verb accepts; returns its length.</summary>
        private static int Invalid(Random random, byte[] payload)
        {
            string text;
            switch (random.Next(6))
            {
                case 0:
                    {
                        int length = 1 + random.Next(400);
                        for (int index = 0; index < length; index++)
                        {
                            payload[index] = (byte)random.Next(256);
                        }

                        // "{}" (or its padding) would be a valid reboot: random bytes never start a JSON object.
                        if (payload[0] == (byte)'{' || payload[0] == (byte)' ' || payload[0] == 9)
                        {
                            payload[0] = (byte)'x';
                        }

                        return length;
                    }

                case 1:
                    {
                        // A valid command cut short (never complete JSON; never empty, which is a valid "{}").
                        string template = Templates[random.Next(Templates.Length)];
                        // "{}" leaves no range to draw from: nanoCLR's Random.Next(0) throws (firmware/PLATFORM.md).
                        text = template.Substring(0, 1 + (template.Length > 2 ? random.Next(template.Length - 2) : 0));
                        break;
                    }

                case 2:
                    {
                        // A member of the wrong type or value.
                        text = random.Next(2) == 0
                            ? "{\"meter\":\"main\",\"state\":" + WrongValues[random.Next(WrongValues.Length)] + "}"
                            : "{\"meter\":" + WrongValues[random.Next(4) + 2] + ",\"state\":\"on\"}";
                        break;
                    }

                case 3:
                    {
                        // An unknown member, or a duplicated one.
                        text = random.Next(2) == 0
                            ? "{\"meter\":\"main\",\"state\":\"on\",\"force\":true}"
                            : "{\"meter\":\"main\",\"state\":\"on\",\"meter\":\"main\",\"x" + random.Next(100).ToString() + "\":1}";
                        break;
                    }

                case 4:
                    {
                        // Oversized: a valid command padded with a long id beyond the 256-byte limit.
                        StringBuilder builder = new StringBuilder("{\"meter\":\"main\",\"state\":\"on\",\"id\":\"");
                        int padding = 260 + random.Next(800);
                        for (int index = 0; index < padding; index++)
                        {
                            builder.Append((char)('a' + random.Next(26)));
                        }

                        builder.Append("\"}");
                        text = builder.ToString();
                        break;
                    }

                default:
                    {
                        // Broken structure: one structural character of a valid command replaced by another.
                        string template = Templates[random.Next(2)];
                        char[] chars = template.ToCharArray();
                        string from = "{}:,\"";
                        string to = "[],:#";
                        int at = random.Next(chars.Length);
                        while (from.IndexOf(chars[at]) < 0)
                        {
                            at = (at + 1) % chars.Length;
                        }

                        chars[at] = to[from.IndexOf(chars[at])];
                        text = new string(chars);
                        break;
                    }
            }

            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int count = bytes.Length > payload.Length ? payload.Length : bytes.Length;
            Array.Copy(bytes, payload, count);
            return count;
        }
    }
}
