using System;

namespace nanoFramework.TestFramework
{
    // AreEqual / AreNotEqual, one overload per type as in the device package (no generics on the device).
    // Equality is exact, through Equals (strings: ordinal), as the device package compares: a double that
    // differs in the last bit fails; NaN equals NaN.
    public sealed partial class Assert
    {
        public static void AreEqual(bool expected, bool actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(bool notExpected, bool actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(byte expected, byte actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(byte notExpected, byte actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(char expected, char actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(char notExpected, char actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(DateTime expected, DateTime actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(DateTime notExpected, DateTime actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(double expected, double actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(double notExpected, double actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(short expected, short actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(short notExpected, short actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(int expected, int actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(int notExpected, int actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(long expected, long actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(long notExpected, long actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(object expected, object actual, string message = "")
        {
            if (!Equals(expected, actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(object notExpected, object actual, string message = "")
        {
            if (Equals(notExpected, actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(sbyte expected, sbyte actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(sbyte notExpected, sbyte actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(float expected, float actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(float notExpected, float actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(string expected, string actual, string message = "")
        {
            if (!string.Equals(expected, actual, StringComparison.Ordinal))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(string notExpected, string actual, string message = "")
        {
            if (string.Equals(notExpected, actual, StringComparison.Ordinal))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(ushort expected, ushort actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(ushort notExpected, ushort actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(uint expected, uint actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(uint notExpected, uint actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        public static void AreEqual(ulong expected, ulong actual, string message = "")
        {
            if (!expected.Equals(actual))
            {
                HandleAreEqualFail(expected, actual, message);
            }
        }

        public static void AreNotEqual(ulong notExpected, ulong actual, string message = "")
        {
            if (notExpected.Equals(actual))
            {
                HandleAreNotEqualFail(notExpected, actual, message);
            }
        }

        private static void HandleAreEqualFail(object expected, object actual, string message)
        {
            HandleFail("Assert.AreEqual", "Expected:<" + ReplaceNulls(expected) + ">. Actual:<" + ReplaceNulls(actual) + ">. " + ReplaceNulls(message ?? string.Empty));
        }

        private static void HandleAreNotEqualFail(object notExpected, object actual, string message)
        {
            HandleFail("Assert.AreNotEqual", "Expected any value except:<" + ReplaceNulls(notExpected) + ">. Actual:<" + ReplaceNulls(actual) + ">. " + ReplaceNulls(message ?? string.Empty));
        }
    }
}
