using EspCollector.Core.Board;
using EspCollector.Core.Config;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Config
{
    [TestClass]
    public class SettingKeysTests
    {
        [TestMethod]
        public void EveryRowIsFoundByItsNameAtItsIndex()
        {
            // The table is code (a name switch and a row switch): both must list the keys in the same order.
            for (int index = 0; index < SettingKeys.Count; index++)
            {
                SettingKey key = SettingKeys.At(index);
                Assert.IsNotNull(key);
                Assert.AreEqual(index, SettingKeys.IndexOf(key.Name), key.Name);
                Assert.AreEqual(key.Name, SettingKeys.Find(key.Name).Name);
                Assert.IsTrue(SettingKeys.IsSection(key.Section), key.Name);
            }

            Assert.AreEqual(-1, SettingKeys.IndexOf("no.such.key"));
            Assert.IsNull(SettingKeys.Find("no.such.key"));
            Assert.IsFalse(SettingKeys.IsSection("nosuchsection"));
        }

        [TestMethod]
        public void BoardChoicesAreTheProfileNames()
        {
            SettingKey board = SettingKeys.Find(SettingKeys.Board);
            Assert.AreEqual(BoardProfiles.Count, board.Choices.Length);
            for (int index = 0; index < BoardProfiles.Count; index++)
            {
                Assert.AreEqual(BoardProfiles.At(index).Name, board.Choices[index]);
                Assert.AreEqual(BoardProfiles.NameAt(index), board.Choices[index]);
            }

            Assert.AreEqual(BoardProfiles.DefaultName, board.DefaultValue);
        }
    }
}
