using EspCollector.Core.App;
using EspCollector.Core.Meters;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.App
{
    /// <summary>
    /// The meter slots of one build share one string per quantity name and per unit (on nanoFramework every read of a
    /// literal is a new string block). The texts here are made at run time, distinct objects with equal text, as the
    /// device's switches make them. The identity checks bite on .NET (the host runner); nanoCLR compares two string
    /// references by their text (ceq), so there they only check the text.
    /// </summary>
    [TestClass]
    public class QuantityTextsTests
    {
        [TestMethod]
        public void EqualNamesOfOneQuantityAreOneString()
        {
            QuantityTexts texts = new QuantityTexts();
            int voltage = QuantityNames.IndexOf(QuantityNames.VoltageL1);
            string first = Fresh(QuantityNames.VoltageL1);
            string second = Fresh(QuantityNames.VoltageL1);

            Assert.IsTrue(ReferenceEquals(first, texts.Name(first, voltage)));
            Assert.IsTrue(ReferenceEquals(first, texts.Name(second, voltage)));

            // A renamed row (Compere monthly history) under the same vocabulary position keeps its own text.
            int total = QuantityNames.IndexOf(QuantityNames.EnergyTotal);
            string month = Fresh("energy_total_month_3");
            string plain = Fresh(QuantityNames.EnergyTotal);
            Assert.IsTrue(ReferenceEquals(month, texts.Name(month, total)));
            Assert.IsTrue(ReferenceEquals(plain, texts.Name(plain, total)));
            Assert.AreEqual(QuantityNames.EnergyTotal, texts.Name(Fresh(QuantityNames.EnergyTotal), total));
        }

        [TestMethod]
        public void EqualUnitsAreOneStringAndEveryUnitKeepsItsText()
        {
            QuantityTexts texts = new QuantityTexts();
            string volt = Fresh(Units.Volt);
            Assert.IsTrue(ReferenceEquals(volt, texts.Unit(volt)));
            Assert.IsTrue(ReferenceEquals(volt, texts.Unit(Fresh(Units.Volt))));
            Assert.AreEqual(Units.KilowattHour, texts.Unit(Fresh(Units.KilowattHour)));

            // More distinct units than the pool holds: each still comes back with its own text.
            for (int index = 0; index < 20; index++)
            {
                string unit = Fresh("u" + index.ToString());
                Assert.AreEqual(unit, texts.Unit(unit));
            }

            Assert.IsTrue(ReferenceEquals(volt, texts.Unit(Fresh(Units.Volt))));
        }

        /// <summary>A new string with the text, not the interned literal.</summary>
        private static string Fresh(string text)
        {
            return new string(text.ToCharArray());
        }
    }
}
