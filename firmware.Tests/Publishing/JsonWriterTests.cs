using System;
using EspCollector.Core.Publishing;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Publishing
{
    /// <summary>
    /// The JSON writer formats numbers itself (double.ToString differs between nanoFramework and .NET), so
    /// its rounding, trimming, sign and escaping are pinned here digit by digit.
    /// </summary>
    [TestClass]
    public class JsonWriterTests
    {
        [TestMethod]
        [DataRow(230.14, 1, "230.1")]
        [DataRow(230.15001, 1, "230.2")]
        [DataRow(230.0, 1, "230")]
        [DataRow(0.95, 3, "0.95")]
        [DataRow(0.0004, 3, "0")]
        [DataRow(0.0005, 3, "0.001")]
        [DataRow(-12.36, 1, "-12.4")]
        [DataRow(-0.04, 1, "0")]
        [DataRow(1234.5678, 3, "1234.568")]
        [DataRow(99999999.99, 2, "99999999.99")]
        [DataRow(0.05, 2, "0.05")]
        [DataRow(49.996, 2, "50")]
        [DataRow(7.0, 0, "7")]
        [DataRow(1.5, 0, "2")]
        [DataRow(0.00012, 4, "0.0001")]
        public void NumbersAreRoundedHalfAwayFromZeroAndTrimmed(double value, int decimals, string expected)
        {
            JsonWriter writer = new JsonWriter(64);
            writer.BeginObject();
            writer.WriteNumber("v", value, decimals);
            writer.EndObject();

            Assert.AreEqual("{\"v\":" + expected + "}", writer.ToString());
        }

        [TestMethod]
        public void NotANumberAndInfinityBecomeNull()
        {
            JsonWriter writer = new JsonWriter(64);
            writer.BeginObject();
            writer.WriteNumber("a", double.NaN, 2);
            writer.WriteNumber("b", double.PositiveInfinity, 2);
            writer.WriteNumber("c", 1e300, 2);
            writer.EndObject();

            Assert.AreEqual("{\"a\":null,\"b\":null,\"c\":null}", writer.ToString());
        }

        [TestMethod]
        public void IntegersIncludingExtremes()
        {
            JsonWriter writer = new JsonWriter(128);
            writer.BeginObject();
            writer.WriteInteger("zero", 0);
            writer.WriteInteger("negative", -61);
            writer.WriteInteger("max", long.MaxValue);
            writer.WriteInteger("min", long.MinValue);
            writer.EndObject();

            Assert.AreEqual("{\"zero\":0,\"negative\":-61,\"max\":9223372036854775807,\"min\":-9223372036854775808}", writer.ToString());
        }

        [TestMethod]
        public void StringsAreEscapedAndUtf8Encoded()
        {
            JsonWriter writer = new JsonWriter(128);
            writer.BeginObject();
            writer.WriteString("s", "a\"b\\c\n\u0001é€");
            writer.EndObject();

            byte[] expected = { (byte)'{', (byte)'"', (byte)'s', (byte)'"', (byte)':', (byte)'"', (byte)'a', (byte)'\\', (byte)'"', (byte)'b', (byte)'\\', (byte)'\\', (byte)'c', (byte)'\\', (byte)'u', (byte)'0', (byte)'0', (byte)'0', (byte)'a', (byte)'\\', (byte)'u', (byte)'0', (byte)'0', (byte)'0', (byte)'1', 0xC3, 0xA9, 0xE2, 0x82, 0xAC, (byte)'"', (byte)'}' };
            Assert.AreEqual(expected.Length, writer.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.AreEqual(expected[i], writer.Buffer[i], "byte " + i.ToString());
            }
        }

        [TestMethod]
        public void NestedObjectsAndArraysGetCommasRight()
        {
            JsonWriter writer = new JsonWriter(128);
            writer.BeginObject();
            writer.BeginArray("a");
            writer.BeginObject();
            writer.WriteString("t", "x");
            writer.EndObject();
            writer.BeginObject();
            writer.WriteString("t", "y");
            writer.EndObject();
            writer.EndArray();
            writer.BeginObject("d");
            writer.BeginArray("i");
            writer.WriteStringValue("1");
            writer.WriteStringValue("2");
            writer.EndArray();
            writer.EndObject();
            writer.WriteBoolean("b", true);
            writer.WriteNull("n");
            writer.EndObject();

            Assert.AreEqual("{\"a\":[{\"t\":\"x\"},{\"t\":\"y\"}],\"d\":{\"i\":[\"1\",\"2\"]},\"b\":true,\"n\":null}", writer.ToString());
        }

        [TestMethod]
        public void TimestampIsIso8601UtcWithMilliseconds()
        {
            JsonWriter writer = new JsonWriter(64);
            writer.BeginObject();
            writer.WriteTimestamp("ts", new DateTime(2025, 3, 1, 7, 8, 9, 45));
            writer.EndObject();

            Assert.AreEqual("{\"ts\":\"2025-03-01T07:08:09.045Z\"}", writer.ToString());
        }

        [TestMethod]
        public void OverflowIsReportedAndNothingIsWrittenPastTheBuffer()
        {
            JsonWriter writer = new JsonWriter(10);
            writer.BeginObject();
            writer.WriteString("name", "too long for ten bytes");
            writer.EndObject();

            Assert.IsTrue(writer.HasOverflowed);
            Assert.AreEqual(10, writer.Length);

            writer.Reset();
            writer.BeginObject();
            writer.EndObject();
            Assert.IsFalse(writer.HasOverflowed, "Reset clears the overflow");
            Assert.AreEqual("{}", writer.ToString());
        }
    }
}
