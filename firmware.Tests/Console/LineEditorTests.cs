using EspCollector.Core.Console;
using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    [TestClass]
    public class LineEditorTests
    {
        private static string FeedAll(LineEditor editor, byte[] bytes, out int lines, out int rejected)
        {
            lines = 0;
            rejected = 0;
            string last = null;
            for (int index = 0; index < bytes.Length; index++)
            {
                LineEvent result = editor.Feed(bytes[index]);
                if (result == LineEvent.Line)
                {
                    lines++;
                    last = editor.Line;
                }
                else if (result == LineEvent.Rejected)
                {
                    rejected++;
                }
            }

            return last;
        }

        private static byte[] Ascii(string text)
        {
            byte[] bytes = new byte[text.Length];
            for (int index = 0; index < text.Length; index++)
            {
                bytes[index] = (byte)text[index];
            }

            return bytes;
        }

        [TestMethod]
        [DataRow("status\r", 1)]
        [DataRow("status\n", 1)]
        [DataRow("status\r\n", 1)]
        [DataRow("status\r\n\r\n", 2)]
        [DataRow("status\n\r", 2)]
        [DataRow("a\rb\nc\r\nd\r", 4)]
        public void CrLfAndCrLfEachEndOneLine(string input, int expectedLines)
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 120);
            int lines;
            int rejected;
            FeedAll(editor, Ascii(input), out lines, out rejected);
            Assert.AreEqual(expectedLines, lines);
            Assert.AreEqual(0, rejected);
        }

        [TestMethod]
        public void EchoesTypedCharactersAndErasesOnBackspaceAndDelete()
        {
            CapturedConsoleOutput output = new CapturedConsoleOutput();
            LineEditor editor = new LineEditor(output, 120);
            int lines;
            int rejected;
            string line = FeedAll(editor, new byte[] { (byte)'s', (byte)'x', 0x08, (byte)'t', (byte)'y', 0x7F, (byte)'a', 13 }, out lines, out rejected);
            Assert.AreEqual("sta", line);
            Assert.AreEqual(1, output.Count);
            Assert.AreEqual("sx\b \bty\b \ba", output[0]);
        }

        [TestMethod]
        public void BackspaceOnEmptyLineDoesNothing()
        {
            CapturedConsoleOutput output = new CapturedConsoleOutput();
            LineEditor editor = new LineEditor(output, 120);
            int lines;
            int rejected;
            string line = FeedAll(editor, new byte[] { 0x08, 0x7F, (byte)'a', 13 }, out lines, out rejected);
            Assert.AreEqual("a", line);
            Assert.AreEqual("a", output[0]);
        }

        [TestMethod]
        public void MaskedEchoShowsStars()
        {
            CapturedConsoleOutput output = new CapturedConsoleOutput();
            LineEditor editor = new LineEditor(output, 120);
            editor.MaskEcho = true;
            int lines;
            int rejected;
            string line = FeedAll(editor, Ascii("pw1\r"), out lines, out rejected);
            Assert.AreEqual("pw1", line);
            Assert.AreEqual("***", output[0]);
        }

        [TestMethod]
        public void LineOfExactlyMaximumLengthIsAccepted()
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 10);
            int lines;
            int rejected;
            string line = FeedAll(editor, Ascii("0123456789\r"), out lines, out rejected);
            Assert.AreEqual("0123456789", line);
            Assert.AreEqual(0, rejected);
        }

        [TestMethod]
        public void OverlongLineIsRejectedWholeAndTheNextLineIsClean()
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 10);
            int lines;
            int rejected;
            string line = FeedAll(editor, Ascii("01234567890123\rok\r"), out lines, out rejected);
            Assert.AreEqual(1, rejected);
            Assert.AreEqual(1, lines);
            Assert.AreEqual("ok", line);
            Assert.AreEqual(1, editor.RejectedLineCount);
        }

        [TestMethod]
        public void NonAsciiAndControlBytesAreDroppedAndCounted()
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 120);
            int lines;
            int rejected;
            string line = FeedAll(editor, new byte[] { 0x00, (byte)'a', 0xFF, 0x80, 0xC3, 0xA9, 0x07, (byte)'b', 13 }, out lines, out rejected);
            Assert.AreEqual("ab", line);
            Assert.AreEqual(6, editor.DroppedByteCount);
        }

        [TestMethod]
        public void ArrowKeyEscapeSequencesAreSwallowed()
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 120);
            int lines;
            int rejected;
            // ESC [ A (up), ESC [ 1 ; 5 C (ctrl-right), ESC O P (F1)
            string line = FeedAll(editor, new byte[] { (byte)'a', 27, (byte)'[', (byte)'A', 27, (byte)'[', (byte)'1', (byte)';', (byte)'5', (byte)'C', 27, (byte)'O', (byte)'P', (byte)'b', 13 }, out lines, out rejected);
            Assert.AreEqual("ab", line);
        }

        [TestMethod]
        public void EscapeThenEnterStillEndsTheLine()
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 120);
            int lines;
            int rejected;
            string line = FeedAll(editor, new byte[] { (byte)'a', 27, 13 }, out lines, out rejected);
            Assert.AreEqual(1, lines);
            Assert.AreEqual("a", line);
        }

        [TestMethod]
        public void TabBecomesSpaceAndCtrlCCancels()
        {
            LineEditor editor = new LineEditor(new CapturedConsoleOutput(), 120);
            Assert.AreEqual(LineEvent.None, editor.Feed((byte)'x'));
            Assert.AreEqual(LineEvent.Cancelled, editor.Feed(3));
            int lines;
            int rejected;
            string line = FeedAll(editor, new byte[] { (byte)'a', 9, (byte)'b', 13 }, out lines, out rejected);
            Assert.AreEqual("a b", line);
        }
    }
}
