using EspCollector.Core.Meters;
using EspCollector.Core.Ports;

namespace EspCollector.Core.App
{
    /// <summary>
    /// One string per quantity name and per unit for all the meter slots of one build. A name or unit comes from a
    /// switch (<see cref="QuantityNames"/>), and on nanoFramework every read of a literal is a new 12-byte string
    /// block: four meters kept ~240 unit strings for 10 distinct units, and the names their tables share (voltages,
    /// powers, energies) once per meter. The slots keep their text for the collector's life (announcements, every
    /// state message), so sharing it is heap kept, not saved once. Used while the slots are made, then dropped.
    /// </summary>
    public sealed class QuantityTexts
    {
        /// <summary>Distinct units the vocabulary has (<see cref="Units"/>: 10), with room to spare.</summary>
        private const int MaximumUnits = 16;

        /// <summary>The first name made for each vocabulary position (a renamed history row keeps its own).</summary>
        private readonly string[] _names = StringArrays.Create(QuantityNames.Count);
        private readonly string[] _units = StringArrays.Create(MaximumUnits);
        private int _unitCount;

        /// <summary>
        /// <paramref name="name"/> (the published name of a quantity at vocabulary position <paramref name="quantity"/>),
        /// or the equal string handed out before for that position.
        /// </summary>
        public string Name(string name, int quantity)
        {
            string shared = _names[quantity];
            if (shared == null)
            {
                _names[quantity] = name;
                return name;
            }

            return shared == name ? shared : name;
        }

        /// <summary><paramref name="unit"/>, or the equal string handed out before.</summary>
        public string Unit(string unit)
        {
            for (int index = 0; index < _unitCount; index++)
            {
                if (_units[index] == unit)
                {
                    return _units[index];
                }
            }

            if (_unitCount < _units.Length)
            {
                _units[_unitCount] = unit;
                _unitCount++;
            }

            return unit;
        }
    }
}
