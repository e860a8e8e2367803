using System;
using EspCollector.Core.Ports;
using EspCollector.Simulators.Modbus;
using EspCollector.Tests.Doubles;

namespace EspCollector.Benchmarks.Soak
{
    /// <summary>
    /// <c>--device-model esp32</c>: the soak's bus through the ESP32 UART device double the twin uses
    /// (firmware.Tests/Doubles/Esp32UartModel: answers handed over in 120-byte and idle-timeout chunks, the RS485
    /// echo flushed at TX_DONE), with the board's delivery settings in the ports (as `espc twin --device-model
    /// esp32` composes them). The simulators stay the rig's: each answers with its own latency (slow meters) or
    /// not at all (switched off, taken out); the line faults are applied in front of the model.
    /// </summary>
    public sealed partial class SoakRun
    {
        private readonly SlaveReply _reply = new SlaveReply();
        private Esp32UartModel _uart;

        private ISerialLine Esp32Line()
        {
            _uart = new Esp32UartModel(_clock) { Responder = Respond };
            _rig.Ports.BusDeliveryGapCharacters = Esp32UartModel.FifoThreshold + Esp32UartModel.IdleTimeoutCharacters + 1;
            _rig.Ports.BusDeliveryIdleCharacters = Esp32UartModel.IdleTimeoutCharacters;
            _rig.Ports.BusDeliveryThresholdBytes = Esp32UartModel.FifoThreshold;
            return _uart;
        }

        /// <summary>The rig's meters answer a complete request frame (a bad CRC: nobody answers).</summary>
        private byte[] Respond(byte[] request, int offset, int count)
        {
            byte[] frame = new byte[count];
            Array.Copy(request, offset, frame, 0, count);
            if (count < 4 || !ModbusCrc.Check(frame, 0, count))
            {
                return null;
            }

            _rig.Bus.Slave.Handle(frame, count, _reply);
            if (_reply.Length == 0)
            {
                return null;
            }

            _uart.ResponderDelayMicroseconds = _reply.LatencyMicroseconds;
            byte[] answer = new byte[_reply.Length];
            Array.Copy(_reply.Frame, answer, _reply.Length);
            return answer;
        }
    }
}
