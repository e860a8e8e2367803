using System;
using EspCollector.Core.Publishing;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.IntegrationTests.Publishing
{
    /// <summary>
    /// The device has about 80 KB of heap: queuing a reading must allocate nothing (payload written into
    /// the reused buffer, copied into the preallocated ring). Measured on the host with the runtime's
    /// per-thread allocation counter, which the device does not have.
    /// </summary>
    [TestClass]
    public class PublishingAllocationTests
    {
        [TestMethod]
        public void QueuingReadingsAndEventsAllocatesNothing()
        {
            VirtualClock clock = new VirtualClock();
            clock.SynchronizeTo(new DateTime(2025, 3, 1, 12, 0, 0));
            MemoryBroker broker = new MemoryBroker();
            broker.Available = false;
            PublishingSettings settings = new PublishingSettings();
            Publisher publisher = new Publisher(settings, clock, clock, new FakeNetworkStatus(), broker, new RecordingCommandActions());
            string[] quantities = { "voltage_l1", "voltage_l2", "voltage_l3", "current_l1", "current_l2", "current_l3", "power", "power_factor", "frequency", "energy_import", "energy_export" };
            publisher.Configure(new MeterDevice[] { new MeterDevice("main", 1, quantities) }, new PulseChannelDevice[] { new PulseChannelDevice("heatpump", 1000, null) });
            MeterStateSnapshot snapshot = new MeterStateSnapshot("main", quantities.Length);
            for (int i = 0; i < quantities.Length; i++)
            {
                snapshot.Add(quantities[i], null, 230.1 + i, true);
            }

            PulseChannelSnapshot pulse = new PulseChannelSnapshot("heatpump");
            pulse.PowerValid = true;

            // Warm up (JIT, static tables), then measure many readings, ring wrapping included.
            for (int i = 0; i < 100; i++)
            {
                publisher.PublishMeterState(snapshot);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 1000; i++)
            {
                snapshot.Values[0] = 230 + i * 0.01;
                clock.AdvanceMilliseconds(1000);
                publisher.PublishMeterState(snapshot);
                pulse.Pulses = i;
                publisher.PublishPulseState(pulse);
                publisher.SetMeterAvailability("main", i % 2 == 0);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            OutputHelper.WriteLine("allocated for 2000 queued readings: " + allocated + " bytes; dropped " + publisher.DroppedMessages);
            Assert.AreEqual(0L, allocated);
            Assert.IsTrue(publisher.DroppedMessages > 0, "the ring wrapped and dropped during the measurement");
        }
    }
}
