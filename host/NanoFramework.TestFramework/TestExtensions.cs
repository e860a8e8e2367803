using System;

namespace nanoFramework.TestFramework
{
    public static class TestExtensions
    {
        /// <summary>
        /// True when both arrays have the same length and, index by index, elements of the same type and value
        /// (primitives by value, other objects by reference), as the device package compares them.
        /// </summary>
        public static bool SequenceEqual(this Array a, Array b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int index = 0; index < a.Length; index++)
            {
                object left = a.GetValue(index);
                object right = b.GetValue(index);
                if (left == null || right == null)
                {
                    if (left != right)
                    {
                        return false;
                    }

                    continue;
                }

                if (left.GetType() != right.GetType())
                {
                    return false;
                }

                bool same;
                if (left is double)
                {
                    // Compared with == as the device does, so NaN never equals NaN here.
                    same = (double)left == (double)right;
                }
                else if (left is float)
                {
                    same = (float)left == (float)right;
                }
                else
                {
                    same = left.GetType().IsPrimitive ? left.Equals(right) : ReferenceEquals(left, right);
                }
                if (!same)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
