// expect: accept
// The device-only libraries resolve: serial port, GPIO, MQTT, native time.
using System;
using System.Device.Gpio;
using System.IO.Ports;
using nanoFramework.M2Mqtt;

namespace Fixtures
{
    public class UsesDeviceApis
    {
        public void Open()
        {
            var port = new SerialPort("COM2", 9600, Parity.Even, 8, StopBits.One);
            port.Mode = SerialMode.RS485;
            port.ReadTimeout = 100;
            port.Open();
            var gpio = new GpioController();
            GpioPin pin = gpio.OpenPin(4, PinMode.Input);
            pin.ValueChanged += OnValueChanged;
            var client = new MqttClient("broker", 1883, false, null, null, MqttSslProtocols.None);
            client.Publish("topic", new byte[] { 1 }, null, null, nanoFramework.M2Mqtt.Messages.MqttQoSLevel.AtMostOnce, false);
            long now = Environment.TickCount64;
        }

        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
        }
    }
}
