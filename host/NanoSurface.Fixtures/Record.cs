// expect: reject CS0518 CS0656 CS0246
// A record needs IEquatable<T> and EqualityComparer<T>, which the device's mscorlib does not have.
namespace Fixtures
{
    public record Reading(int Address, double Value);
}
