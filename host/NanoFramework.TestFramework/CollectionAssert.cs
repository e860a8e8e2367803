using System.Collections;

namespace nanoFramework.TestFramework
{
    /// <summary>
    /// Assertions on collections. Two collections are equal when they have the same count and, in enumeration
    /// order, elements equal by object.Equals (so byte arrays compare by value).
    /// </summary>
    public sealed class CollectionAssert
    {
        public static void Empty(ICollection collection, string message = "")
        {
            Assert.EnsureParameterIsNotNull(collection, "CollectionAssert.Empty", "collection");

            if (collection.Count != 0)
            {
                Assert.HandleFail("CollectionAssert.Empty", "Count:<" + collection.Count + ">. " + message);
            }
        }

        public static void NotEmpty(ICollection collection, string message = "")
        {
            Assert.EnsureParameterIsNotNull(collection, "CollectionAssert.NotEmpty", "collection");

            if (collection.Count == 0)
            {
                Assert.HandleFail("CollectionAssert.NotEmpty", message);
            }
        }

        public static void AreEqual(ICollection expected, ICollection actual, string message = "")
        {
            string reason;
            if (!AreCollectionsEqual(expected, actual, out reason))
            {
                Assert.HandleFail("CollectionAssert.AreEqual", reason + " " + message);
            }
        }

        public static void AreNotEqual(ICollection notExpected, ICollection actual, string message = "")
        {
            string reason;
            if (AreCollectionsEqual(notExpected, actual, out reason))
            {
                Assert.HandleFail("CollectionAssert.AreNotEqual", reason + " " + message);
            }
        }

        private static bool AreCollectionsEqual(ICollection expected, ICollection actual, out string reason)
        {
            if (ReferenceEquals(expected, actual))
            {
                reason = "Both collection references point to the same collection object.";
                return true;
            }

            if (expected == null || actual == null)
            {
                reason = "Expected:<" + Assert.ReplaceNulls(expected) + ">. Actual:<" + Assert.ReplaceNulls(actual) + ">.";
                return false;
            }

            if (expected.Count != actual.Count)
            {
                reason = "Different number of elements. Expected:<" + expected.Count + ">. Actual:<" + actual.Count + ">.";
                return false;
            }

            IEnumerator expectedElements = expected.GetEnumerator();
            IEnumerator actualElements = actual.GetEnumerator();
            int index = 0;
            while (expectedElements.MoveNext() && actualElements.MoveNext())
            {
                if (!Equals(expectedElements.Current, actualElements.Current))
                {
                    reason = "Element at index " + index + " do not match. Expected:<" + Assert.ReplaceNulls(expectedElements.Current)
                        + ">. Actual:<" + Assert.ReplaceNulls(actualElements.Current) + ">.";
                    return false;
                }

                index++;
            }

            reason = "Both collection contain same elements.";
            return true;
        }
    }
}
