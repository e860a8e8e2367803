using System;
using System.Collections;
using nanoFramework.TestFramework;
using TestFrameworkShared;

namespace EspCollector.IntegrationTests.Foundation
{
    /// <summary>
    /// The host Assert behaves as the device package's: exact equality, exact exception types, failure texts
    /// carrying expected and actual values. A test that passes here must not fail on the device for a
    /// difference in the framework.
    /// </summary>
    [TestClass]
    public class AssertSemanticsTests
    {
        private static string FailureOf(Action assertion)
        {
            try
            {
                assertion();
            }
            catch (AssertFailedException failure)
            {
                return failure.Message;
            }

            throw new InvalidOperationException("the assertion passed");
        }

        [TestMethod]
        public void AreEqualOfDoublesIsExact()
        {
            Assert.AreEqual(0.1 + 0.2, 0.30000000000000004);
            string message = FailureOf(() => Assert.AreEqual(0.3, 0.1 + 0.2, "sum"));

            Assert.AreEqual("Assert.AreEqual failed. Expected:<0.3>. Actual:<0.30000000000000004>. sum", message);
        }

        [TestMethod]
        public void AreEqualOfSinglesIsExact()
        {
            string message = FailureOf(() => Assert.AreEqual(1.0f, 1.0000001f));

            Assert.Contains("Expected:<1>", message);
            Assert.Contains("Actual:<1.0000001>", message);
        }

        [TestMethod]
        public void AreEqualOfStringsIsOrdinalAndShowsNull()
        {
            string message = FailureOf(() => Assert.AreEqual("kWh", null));

            Assert.AreEqual("Assert.AreEqual failed. Expected:<kWh>. Actual:<(null)>. ", message);
            FailureOf(() => Assert.AreEqual("kWh", "KWH"));
        }

        [TestMethod]
        public void ThrowsExceptionWantsTheExactType()
        {
            Assert.ThrowsException(typeof(ArgumentOutOfRangeException), () => { throw new ArgumentOutOfRangeException("x"); });

            string derived = FailureOf(() => Assert.ThrowsException(typeof(ArgumentException), () => { throw new ArgumentOutOfRangeException("x"); }));
            string none = FailureOf(() => Assert.ThrowsException(typeof(ArgumentException), () => { }));

            Assert.StartsWith("Assert.ThrowsException failed. Threw exception ArgumentOutOfRangeException, but exception ArgumentException was expected.", derived);
            Assert.StartsWith("Assert.ThrowsException failed. No exception thrown. ArgumentException exception was expected.", none);
        }

        [TestMethod]
        public void CollectionAssertComparesElementsByValue()
        {
            CollectionAssert.AreEqual(new byte[] { 0x01, 0x03, 0x02 }, new byte[] { 0x01, 0x03, 0x02 });
            ArrayList list = new ArrayList();
            list.Add(1);
            CollectionAssert.AreEqual(new object[] { 1 }, list);

            string message = FailureOf(() => CollectionAssert.AreEqual(new byte[] { 0x01, 0x03 }, new byte[] { 0x01, 0x04 }));

            Assert.Contains("Element at index 1 do not match. Expected:<3>. Actual:<4>.", message);
            Assert.Contains("Different number of elements", FailureOf(() => CollectionAssert.AreEqual(new int[1], new int[2])));
        }

        [TestMethod]
        public void SequenceEqualComparesPrimitivesByValueAndTypes()
        {
            Assert.IsTrue(new ushort[] { 1, 2 }.SequenceEqual(new ushort[] { 1, 2 }));
            Assert.IsFalse(new ushort[] { 1, 2 }.SequenceEqual(new short[] { 1, 2 }), "element types differ");
            Assert.IsFalse(new double[] { double.NaN }.SequenceEqual(new double[] { double.NaN }), "the device compares doubles with ==");
        }

        [TestMethod]
        public void SkipTestSkips()
        {
            try
            {
                Assert.SkipTest("why");
            }
            catch (SkipTestException skip)
            {
                Assert.AreEqual("why", skip.Message);
                return;
            }

            throw new InvalidOperationException("SkipTest did not throw");
        }

        [TestMethod]
        public void HelperDropsTestMethodWhenDataRowsExist()
        {
            object[] attributes = { new TestMethodAttribute(), new DataRowAttribute(1) };

            object[] kept = Helper.RemoveTestMethodIfDataRowExists(attributes);

            Assert.AreEqual(1, kept.Length);
            Assert.IsInstanceOfType(kept[0], typeof(DataRowAttribute));
        }
    }
}
