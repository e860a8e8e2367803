// expect: accept
namespace Fixtures
{
    public interface IReading
    {
        double Value { get; }
    }

    public struct Reading : IReading
    {
        public Reading(double value) { Value = value; }

        public double Value { get; }

        public override string ToString() { return Value.ToString("F2"); }
    }

    public static class Readings
    {
        public const int Capacity = 8;

        public static double Sum(params IReading[] readings)
        {
            double sum = 0;
            for (int i = 0; i < readings.Length; i++) sum += readings[i].Value;
            return sum + Capacity;
        }
    }
}
