// expect: reject scan
// The listing's RuntimeFeature names DefaultImplementationsOfInterfaces, so the compiler accepts a default
// interface method; nanoCLR 1.17 does not run them.
namespace Fixtures
{
    public interface IGreeter
    {
        string Name { get; }

        string Greet() { return "hello " + Name; }
    }
}
