using System.Text;
using EspCollector.Core.Config;
using EspCollector.Core.Console;
using EspCollector.Tests.Doubles;

namespace EspCollector.Tests.Console
{
    /// <summary>A console session over an in-memory record store, a virtual clock and recording actions.</summary>
    public sealed class ConsoleHarness
    {
        public readonly MemoryRecordStore Store;
        public readonly ConfigStore ConfigStore;
        public readonly ConfigManager Config;
        public readonly VirtualClock Clock = new VirtualClock();
        public readonly RecordingConsoleActions Actions = new RecordingConsoleActions();
        public readonly CapturedConsoleOutput Output = new CapturedConsoleOutput();
        public readonly ConsoleSession Session;

        public ConsoleHarness(bool interactive)
            : this(new MemoryRecordStore(2, ConfigStore.RecommendedSlotCapacity), interactive)
        {
        }

        public ConsoleHarness(MemoryRecordStore store, bool interactive)
        {
            Store = store;
            ConfigStore = new ConfigStore(store);
            Config = new ConfigManager(ConfigStore);
            Config.Load();
            Session = new ConsoleSession(Output, Actions, Config, Clock, interactive);
        }

        /// <summary>Types the line and Enter (CR).</summary>
        public void Type(string line)
        {
            Feed(line + "\r");
        }

        public void Feed(string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            Session.Receive(bytes, 0, bytes.Length);
        }

        public void FeedBytes(byte[] bytes)
        {
            Session.Receive(bytes, 0, bytes.Length);
        }

        /// <summary>Every stored byte of every slot, slot after slot (for byte-identical comparisons).</summary>
        public byte[] StoredBytes()
        {
            byte[] all = new byte[Store.SlotCount * (Store.SlotCapacity + 4)];
            byte[] slot = new byte[Store.SlotCapacity];
            int position = 0;
            for (int index = 0; index < Store.SlotCount; index++)
            {
                int length = Store.Read(index, slot, 0);
                all[position++] = (byte)length;
                all[position++] = (byte)(length >> 8);
                all[position++] = 0x5A;
                all[position++] = 0xA5;
                for (int offset = 0; offset < length; offset++)
                {
                    all[position + offset] = slot[offset];
                }

                position += Store.SlotCapacity;
            }

            return all;
        }
    }
}
