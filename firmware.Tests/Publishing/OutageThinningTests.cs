using System;
using System.Collections;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// A long broker outage through the publisher on the virtual clock (requirement: readings made while the
    /// broker is unreachable are kept, bounded, and delivered later in order; what must be dropped is counted and
    /// published): four KPM33B meters polled every 10 s and a pulse channel every 60 s for two simulated hours
    /// into the default 8 KB ring. What is delivered spans the whole outage at an even interval, in order, each
    /// reading with the JSON it had when it was made; every event is kept; every drop is counted.
    /// </summary>
    [TestClass]
    public class OutageThinningTests
    {
        private const string Base = "espcollector/espcollector-a1b2c3/";
        private const int Polls = 720;
        private const int PollSeconds = 10;
        private const int PulseEveryPolls = 6;

        [TestMethod]
        public void ATwoHourOutageIsKeptEvenlyFromItsFirstPollToItsLastInOrder()
        {
            PublishingSettings settings = PublisherTests.Fixture.DefaultSettings();
            PublisherTests.Fixture f = new PublisherTests.Fixture(settings);
            string[] names = ReadingRecordTests.Kpm33bQuantities();
            string[] meters = new string[] { "m1", "m2", "m3", "m4" };
            MeterDevice[] devices = new MeterDevice[meters.Length];
            for (int m = 0; m < meters.Length; m++)
            {
                devices[m] = new MeterDevice(meters[m], m + 1, names);
            }

            f.Publisher.Configure(devices, new PulseChannelDevice[] { new PulseChannelDevice("heatpump", 1000, null) });
            f.Run(3000, 100);
            f.Broker.Stop();
            f.Publisher.Service();
            DateTime outageStart = f.Clock.UtcNow;
            long outageStartMicroseconds = f.Clock.MonotonicMicroseconds;

            MeterStateSnapshot snapshot = ReadingRecordTests.RealisticSnapshot(names);
            PulseChannelSnapshot pulse = new PulseChannelSnapshot("heatpump");
            int queued = 0;
            int events = 0;
            int mostBuffered = 0;
            for (int poll = 0; poll < Polls; poll++)
            {
                for (int m = 0; m < meters.Length; m++)
                {
                    Fill(snapshot, meters[m], poll);
                    f.Publisher.PublishMeterState(snapshot);
                    queued++;
                }

                if (poll % PulseEveryPolls == 0)
                {
                    Fill(pulse, poll);
                    f.Publisher.PublishPulseState(pulse);
                    queued++;
                }

                if (poll % 150 == 75)
                {
                    f.Publisher.PublishEvent(CollectorEventKind.ConfigurationChanged, null, "poll " + poll.ToString());
                    queued++;
                    events++;
                }

                int buffered = f.Publisher.BufferedMessages;
                mostBuffered = buffered > mostBuffered ? buffered : mostBuffered;
                Assert.IsTrue(buffered <= settings.BufferMessages, "message bound");
                Assert.AreEqual((long)queued, buffered + f.Publisher.DroppedMessages, "every reading kept or counted");
                f.Publisher.Service();
                f.Clock.AdvanceMilliseconds(PollSeconds * 1000);
            }

            int backlog = f.Publisher.BufferedMessages;
            long dropped = f.Publisher.DroppedMessages;
            Assert.AreEqual(dropped, f.Publisher.ThinnedMessages, "room was made by thinning only");
            f.Broker.Start();
            f.Run(400000, 500);
            Assert.AreEqual(0, f.Publisher.BufferedMessages, "backlog delivered (after the reconnect backoff)");

            // Every event, in order, with its own time.
            ArrayList eventMessages = f.Broker.MessagesOn(Base + "event");
            Assert.AreEqual(events, eventMessages.Count, "every event kept");
            for (int e = 0; e < events; e++)
            {
                Hashtable parsed = TestJson.ParseObject(((BrokerMessage)eventMessages[e]).Text);
                Assert.AreEqual("poll " + (75 + 150 * e).ToString(), (string)parsed["detail"]);
            }

            // Each meter: from the first poll to the last, in order, evenly, byte for byte as made.
            int delivered = eventMessages.Count;
            JsonWriter expected = new JsonWriter(2560);
            for (int m = 0; m < meters.Length; m++)
            {
                ArrayList states = f.Broker.MessagesOn(Base + "meter/" + meters[m] + "/state");
                delivered += states.Count;
                int previous = -1;
                int largestGap = 0;
                string kept = string.Empty;
                for (int i = 0; i < states.Count; i++)
                {
                    string text = ((BrokerMessage)states[i]).Text;
                    int poll = PollOf(text);
                    Assert.IsTrue(poll > previous, "in order");
                    largestGap = previous >= 0 && poll - previous > largestGap ? poll - previous : largestGap;
                    previous = poll;
                    kept += poll.ToString() + " ";

                    // The JSON the reading had when it was made (its own time, not the replay's).
                    VirtualClock then = new VirtualClock();
                    then.Advance(outageStartMicroseconds + poll * PollSeconds * 1000000L);
                    then.SynchronizeTo(outageStart.AddSeconds(poll * PollSeconds));
                    Fill(snapshot, meters[m], poll);
                    StatePayloads.WriteMeterState(expected, snapshot, then, then);
                    Assert.AreEqual(expected.ToString(), text, "byte-identical JSON of poll " + poll.ToString());
                }

                OutputHelper.WriteLine(meters[m] + ": " + states.Count.ToString() + " of " + Polls.ToString() + " readings kept, largest gap "
                    + (largestGap * PollSeconds).ToString() + " s: polls " + kept);
                int first = PollOf(((BrokerMessage)states[0]).Text);
                Assert.IsTrue(first * PollSeconds <= 180, "the first kept reading is within the first minutes of the outage: poll " + first.ToString());
                Assert.AreEqual(Polls - 1, previous, "the last kept reading is the last poll");
                Assert.IsTrue(states.Count >= 6, "kept " + states.Count.ToString());
                Assert.IsTrue(largestGap * (states.Count - 1) <= 2 * Polls, "evenly spread: largest gap " + largestGap.ToString() + " polls");
            }

            ArrayList pulses = f.Broker.MessagesOn(Base + "pulse/heatpump/state");
            delivered += pulses.Count;
            Hashtable lastPulse = TestJson.ParseObject(((BrokerMessage)pulses[pulses.Count - 1]).Text);
            Assert.AreEqual((double)(Polls - 1 - (Polls - 1) % PulseEveryPolls), (double)lastPulse["pulses"], "the newest pulse state kept");
            Assert.AreEqual((long)queued, delivered + dropped, "delivered + dropped = queued");

            f.Publisher.PublishHealth(new HealthSnapshot());
            f.Publisher.Service();
            Hashtable health = TestJson.ParseObject(f.Broker.LastTextOn(Base + "health"));
            Assert.AreEqual((double)dropped, (double)health["dropped"], "drops published in health");
            OutputHelper.WriteLine("2 h outage, 4 KPM33B + 1 pulse channel, default ring: " + queued.ToString() + " queued, at most "
                + mostBuffered.ToString() + " buffered, backlog " + backlog.ToString() + ", " + dropped.ToString() + " dropped (thinned), "
                + delivered.ToString() + " delivered");
        }

        private static void Fill(MeterStateSnapshot snapshot, string meter, int poll)
        {
            snapshot.Name = meter;
            snapshot.Values[0] = poll;
            snapshot.Values[1] = 1000 + poll * 0.125;
        }

        private static void Fill(PulseChannelSnapshot pulse, int poll)
        {
            pulse.Pulses = poll - poll % PulseEveryPolls;
            pulse.EnergyKilowattHours = pulse.Pulses / 1000.0;
            pulse.PowerWatts = 1200;
            pulse.PowerValid = true;
        }

        /// <summary>The poll a delivered reading was made at: its first quantity carries the poll number.</summary>
        private static int PollOf(string json)
        {
            int start = json.IndexOf("\"ts\"");
            Assert.IsTrue(start > 0, json);
            int colon = json.IndexOf(':', json.IndexOf(',', start) + 1);
            int end = json.IndexOf(',', colon);
            return (int)double.Parse(json.Substring(colon + 1, end - colon - 1));
        }
    }
}
