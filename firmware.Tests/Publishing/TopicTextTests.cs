using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>Topics composed in the publisher's scratch: the same text as a concatenation, long or short.</summary>
    [TestClass]
    public class TopicTextTests
    {
        [TestMethod]
        public void ComposesTheTopicAndComparesInPlace()
        {
            TopicText text = new TopicText();
            text.Append("espcollector").Append('/').Append("bench").Append("/meter/").Append("main").Append("/state");
            Assert.AreEqual("espcollector/bench/meter/main/state", text.ToString());
            Assert.IsTrue(text.SameAs("espcollector/bench/meter/main/state"));
            Assert.IsFalse(text.SameAs("espcollector/bench/meter/main/stat"));
            Assert.IsFalse(text.SameAs("espcollector/bench/meter/main/statE"));
            Assert.IsFalse(text.SameAs(null));

            text.Clear().Append("a");
            Assert.AreEqual("a", text.ToString(), "cleared before the next topic");
        }

        [TestMethod]
        public void ATopicLongerThanTheBufferIsStillComplete()
        {
            string part = "abcdefghijklmnopqrstuvwxyz0123456789-_";
            string expected = string.Empty;
            TopicText text = new TopicText();
            for (int i = 0; i < 8; i++)
            {
                text.Append(part).Append('/');
                expected += part + "/";
            }

            Assert.IsTrue(expected.Length > TopicText.Capacity);
            Assert.AreEqual(expected, text.ToString());
            Assert.IsTrue(text.SameAs(expected));
            Assert.AreEqual("x", text.Clear().Append('x').ToString());
        }
    }
}
