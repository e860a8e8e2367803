// expect: reject NF0501
// nanoCLR does not clear the elements of a new string[]: an element never assigned is neither null nor a string,
// and comparing it crashes the interpreter (CLR_RT_HeapBlock_Array::ClearElements). `new string[n]` is rejected.
namespace Fixtures
{
    public static class CreatesABareStringArray
    {
        public static bool FirstIsX(int count)
        {
            string[] names = new string[count];
            return names[0] == "x";
        }
    }
}
