namespace EspCollector.Core.Ports
{
    /// <summary>
    /// The one way to make a string array of a given length on nanoFramework. nanoCLR (every version to date,
    /// ESP32 included) does not clear the elements of <c>new string[n]</c>: an element never assigned is
    /// neither null nor a string, so <c>a[0] == "x"</c> or <c>string.Equals</c> crash the interpreter
    /// (<c>strcmp(NULL, ...)</c>, a LoadProhibited panic and a reboot on an ESP32). The cause is
    /// <c>CLR_RT_HeapBlock_Array::ClearElements</c>, which nulls class and value-type elements but not strings.
    /// Reproduction: <c>string[] a = new string[1]; bool eq = a[0] == "x";</c>. Assigning every element
    /// explicitly makes the array behave as on .NET. The surface check rejects any other <c>newarr System.String</c>
    /// (array initializers that store every element at once and empty arrays excepted). See firmware/Core/README.md.
    /// </summary>
    public static class StringArrays
    {
        /// <summary>An array of <paramref name="length"/> nulls, each one assigned.</summary>
        public static string[] Create(int length)
        {
            string[] array = new string[length];
            for (int i = 0; i < length; i++)
            {
                array[i] = null;
            }

            return array;
        }
    }
}
