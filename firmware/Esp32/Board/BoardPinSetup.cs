using System.Device.Gpio;
using EspCollector.Core.Board;
using EspCollector.Core.Config;
using nanoFramework.Hardware.Esp32;
using PinConfiguration = nanoFramework.Hardware.Esp32.Configuration;
using Configuration = EspCollector.Core.Config.Configuration;

namespace EspCollector.Esp32
{
    /// <summary>
    /// Applies the configuration's effective pins before the UARTs open: COM2/COM3 have no default pins on ESP32
    /// (nf-interpreter ESP32 target), so SetPinFunction must map them first or Open() fails. Also drives
    /// the board's fixed outputs high (transceiver power, shutdown and receiver-enable lines).
    /// Call once at boot, after <see cref="Configuration.ValidatePins"/> reported no error.
    /// </summary>
    public static class BoardPinSetup
    {
        public static void Apply(Configuration configuration, GpioController gpio)
        {
            BoardProfile profile = configuration.BoardProfile;

            // The bus UART (COM2): TX, RX and RTS; in SerialMode.RS485 the RTS pin drives the transceiver's DE/RE.
            PinConfiguration.SetPinFunction(configuration.EffectivePin(SettingKeys.PinBusTransmit), DeviceFunction.COM2_TX);
            PinConfiguration.SetPinFunction(configuration.EffectivePin(SettingKeys.PinBusReceive), DeviceFunction.COM2_RX);
            int driverEnable = configuration.EffectivePin(SettingKeys.PinBusDriverEnable);
            if (driverEnable >= 0)
            {
                PinConfiguration.SetPinFunction(driverEnable, DeviceFunction.COM2_RTS);
            }

            // The console UART (COM3 = UART2).
            PinConfiguration.SetPinFunction(configuration.EffectivePin(SettingKeys.PinConsoleTransmit), DeviceFunction.COM3_TX);
            PinConfiguration.SetPinFunction(configuration.EffectivePin(SettingKeys.PinConsoleReceive), DeviceFunction.COM3_RX);

            if (profile.OutputsHighAtStart != null)
            {
                for (int index = 0; index < profile.OutputsHighAtStart.Length; index++)
                {
                    int pin = profile.OutputsHighAtStart[index];
                    gpio.OpenPin(pin, PinMode.Output);
                    gpio.Write(pin, PinValue.High);
                }
            }
        }
    }
}
