using System.Text;
using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    [TestClass]
    public class InboundMailboxTests
    {
        private const string Topic = "espcollector/bench/cmd/poll";

        [TestMethod]
        public void UsualCommandsShareTheArenaAndComeOutInOrder()
        {
            InboundMailbox mailbox = new InboundMailbox(4, 64);
            Assert.IsTrue(mailbox.Post(Topic, Bytes("{\"meter\":\"a\"}"), false));
            Assert.IsTrue(mailbox.Post(Topic, Bytes("{\"meter\":\"bb\"}"), true));
            Assert.IsTrue(mailbox.Post(Topic, null, false));
            Assert.IsTrue(mailbox.Post(Topic, Bytes("{\"meter\":\"ccc\"}"), false));
            Assert.AreEqual(4, mailbox.Count);

            Assert.AreEqual("{\"meter\":\"a\"}", Take(mailbox));
            Assert.AreEqual("{\"meter\":\"bb\"}", Take(mailbox));
            Assert.AreEqual(string.Empty, Take(mailbox));
            Assert.AreEqual("{\"meter\":\"ccc\"}", Take(mailbox));
            Assert.AreEqual(0, mailbox.Count);
            Assert.AreEqual(0, mailbox.Overflows);
        }

        [TestMethod]
        public void APeekedPayloadIsReadInPlaceAndItsRunStaysTakenUntilReleased()
        {
            InboundMailbox mailbox = new InboundMailbox(4, 32);
            Assert.IsTrue(mailbox.Post(Topic, Bytes("{\"meter\":\"main\"}"), true));
            int offset;
            int length;
            bool retained;
            Assert.AreEqual(Topic, mailbox.Peek(out offset, out length, out retained));
            Assert.IsTrue(retained);
            Assert.AreEqual("{\"meter\":\"main\"}", new string(Encoding.UTF8.GetChars(mailbox.Arena, offset, length)));

            // While it is peeked, a new command gets another run of the arena (the peeked bytes stay as they were).
            Assert.IsTrue(mailbox.Post(Topic, Bytes("{\"meter\":\"sub\"}"), false));
            Assert.AreEqual("{\"meter\":\"main\"}", new string(Encoding.UTF8.GetChars(mailbox.Arena, offset, length)));
            Assert.AreEqual(2, mailbox.Count);

            mailbox.Release();
            Assert.AreEqual(1, mailbox.Count);
            Assert.AreEqual(Topic, mailbox.Peek(out offset, out length, out retained));
            Assert.IsFalse(retained);
            Assert.AreEqual("{\"meter\":\"sub\"}", new string(Encoding.UTF8.GetChars(mailbox.Arena, offset, length)));
            mailbox.Release();
            Assert.IsNull(mailbox.Peek(out offset, out length, out retained));
            mailbox.Release();
            Assert.AreEqual(0, mailbox.Count, "releasing an empty mailbox changes nothing");
        }

        [TestMethod]
        public void APayloadLargerThanTheArenaKeepsItsLengthOnly()
        {
            InboundMailbox mailbox = new InboundMailbox(4, 16);
            Assert.IsTrue(mailbox.Post(Topic, new byte[40], false));
            byte[] buffer = new byte[16];
            int length;
            bool retained;
            Assert.AreEqual(Topic, mailbox.Take(buffer, out length, out retained));
            Assert.AreEqual(40, length, "the router answers payload_too_large from the real length");
        }

        [TestMethod]
        public void AFullArenaDropsAndCountsThenFreedSpaceIsReused()
        {
            InboundMailbox mailbox = new InboundMailbox(4, 16);
            Assert.IsTrue(mailbox.Post(Topic, Bytes("0123456789"), false));
            Assert.IsFalse(mailbox.Post(Topic, Bytes("abcdefghij"), false), "10 + 10 bytes do not fit 16");
            Assert.AreEqual(1, mailbox.Overflows);
            Assert.IsTrue(mailbox.Post(Topic, Bytes("abcde"), false));

            Assert.AreEqual("0123456789", Take(mailbox));
            Assert.IsTrue(mailbox.Post(Topic, Bytes("ABCDEFGHIJ"), false), "the first payload's bytes are free again");
            Assert.AreEqual("abcde", Take(mailbox));
            Assert.AreEqual("ABCDEFGHIJ", Take(mailbox));
            Assert.IsNull(mailbox.Take(new byte[16], out int length, out bool retained));
        }

        private static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }

        private static string Take(InboundMailbox mailbox)
        {
            byte[] buffer = new byte[64];
            int length;
            bool retained;
            Assert.IsNotNull(mailbox.Take(buffer, out length, out retained));
            return new string(Encoding.UTF8.GetChars(buffer, 0, length));
        }
    }
}
