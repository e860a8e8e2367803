using System;
using EspCollector.Core.Pulses;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Pulses
{
    /// <summary>
    /// Hardware counters on the PCNT model whose Dispose leaks the unit: the capture keeps one counter per pin
    /// for the device's lifetime, so 1,000 configuration changes in a row leave every channel counting; rebuilding
    /// the counters as firmware 0.1.0 did runs out of units after a few changes.
    /// </summary>
    [TestClass]
    public class PulseCounterModelTests
    {
        [TestMethod]
        [DataRow(8)]
        [DataRow(4)]
        public void AThousandConfigurationChangesKeepEveryChannelCounting(int units)
        {
            PulseCounterModel model = new PulseCounterModel(units);
            CounterPulseCapture capture = new CounterPulseCapture(model);
            int[] pinsA = new int[] { 32, 33 };
            int[] pinsB = new int[] { 33, 25 };
            for (int change = 0; change < 1000; change++)
            {
                int[] pins = change % 3 == 2 ? pinsB : pinsA;
                PulseChannelSettings[] channels = Channels(pins, change % 2 == 0 ? PulseEdge.Falling : PulseEdge.Rising);
                Assert.IsTrue(capture.Start(channels, null), "change " + change.ToString() + " failed on channel " + capture.FailedChannel.ToString());
                for (int c = 0; c < pins.Length; c++)
                {
                    for (int p = 0; p <= c; p++)
                    {
                        model.Pulse(pins[c]);
                    }
                }

                for (int c = 0; c < pins.Length; c++)
                {
                    Assert.AreEqual((long)(c + 1), capture.ReadCount(c), "change " + change.ToString() + " channel " + c.ToString());
                }
            }

            Assert.AreEqual(3, capture.UnitsCreated, "one unit per distinct pin");
            Assert.AreEqual(0, model.Disposed);
        }

        [TestMethod]
        public void RebuildingTheCountersRunsOutOfUnits()
        {
            PulseCounterModel model = new PulseCounterModel(PulseCounterModel.Esp32Units);
            PulseCounterModelUnit[] counters = new PulseCounterModelUnit[2];
            int rebuilds = 0;
            bool failed = false;
            while (!failed && rebuilds < 10)
            {
                // Firmware 0.1.0: Stop disposed every counter, Start created new ones.
                for (int c = 0; c < counters.Length; c++)
                {
                    if (counters[c] != null)
                    {
                        counters[c].Dispose();
                    }
                }

                try
                {
                    for (int c = 0; c < counters.Length; c++)
                    {
                        counters[c] = (PulseCounterModelUnit)model.Open(32 + c);
                    }

                    rebuilds++;
                }
                catch (InvalidOperationException)
                {
                    failed = true;
                }
            }

            Assert.IsTrue(failed, "the model leaks");
            Assert.AreEqual(4, rebuilds, "boot + 3 changes fit in 8 units with 2 channels");
        }

        private static PulseChannelSettings[] Channels(int[] pins, PulseEdge edge)
        {
            PulseChannelSettings[] channels = new PulseChannelSettings[pins.Length];
            for (int i = 0; i < pins.Length; i++)
            {
                channels[i] = new PulseChannelSettings("s" + i.ToString(), pins[i], 1000.0);
                channels[i].ActiveEdge = edge;
            }

            return channels;
        }
    }
}
