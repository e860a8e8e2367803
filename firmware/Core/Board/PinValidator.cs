using System.Collections;

namespace EspCollector.Core.Board
{
    /// <summary>
    /// Checks a set of pin assignments against the chip's <see cref="PinRules"/> and the board's reserved pins.
    /// Errors (the pin set is refused): a GPIO that does not exist, flash or board-reserved pins, a driving
    /// function on an input-only pin, the ESP32 debugger UART, two functions on one pin, a console UART the chip
    /// does not have. Warnings (accepted, shown): strapping pins, pulse inputs without internal pull-up, the
    /// S3/C3 UART0/USB pins.
    /// </summary>
    public static class PinValidator
    {
        /// <summary>The assignments a profile makes by itself, its suggested pulse pins included.</summary>
        public static ArrayList AssignmentsOf(BoardProfile profile)
        {
            ArrayList assignments = new ArrayList();
            AddInterfacePins(assignments, profile, profile.BusTransmitPin, profile.BusReceivePin, profile.BusDriverEnablePin,
                profile.ConsoleTransmitPin, profile.ConsoleReceivePin, profile.StatusLedPin);
            if (profile.PulsePins != null)
            {
                for (int index = 0; index < profile.PulsePins.Length; index++)
                {
                    assignments.Add(new PinAssignment(profile.PulsePins[index], PinFunction.PulseInput, "S0 input " + (index + 1)));
                }
            }

            return assignments;
        }

        /// <summary>Adds bus, console, LED and the board's fixed outputs (used with configuration overrides too).</summary>
        public static void AddInterfacePins(ArrayList assignments, BoardProfile profile, int busTransmit, int busReceive,
            int busDriverEnable, int consoleTransmit, int consoleReceive, int statusLed)
        {
            assignments.Add(new PinAssignment(busTransmit, PinFunction.BusTransmit, "pin.bus.tx"));
            assignments.Add(new PinAssignment(busReceive, PinFunction.BusReceive, "pin.bus.rx"));
            assignments.Add(new PinAssignment(busDriverEnable, PinFunction.BusDriverEnable, "pin.bus.de"));
            assignments.Add(new PinAssignment(consoleTransmit, PinFunction.ConsoleTransmit, "pin.console.tx"));
            assignments.Add(new PinAssignment(consoleReceive, PinFunction.ConsoleReceive, "pin.console.rx"));
            assignments.Add(new PinAssignment(statusLed, PinFunction.StatusLed, "pin.led"));
            if (profile.OutputsHighAtStart != null)
            {
                for (int index = 0; index < profile.OutputsHighAtStart.Length; index++)
                {
                    assignments.Add(new PinAssignment(profile.OutputsHighAtStart[index], PinFunction.FixedOutput, "board output"));
                }
            }
        }

        /// <summary>Validates a profile as shipped.</summary>
        public static PinReport Validate(BoardProfile profile)
        {
            return Validate(profile, AssignmentsOf(profile));
        }

        /// <summary>Validates <paramref name="assignments"/> (of <see cref="PinAssignment"/>) on the profile's chip.</summary>
        public static PinReport Validate(BoardProfile profile, ArrayList assignments)
        {
            PinReport report = new PinReport();
            Chip chip = profile.Chip;
            string chipName = PinRules.ChipName(chip);

            if (profile.ConsolePort == "COM3" && PinRules.UartCount(chip) < 3)
            {
                report.Add(true, -1, chipName + " has " + PinRules.UartCount(chip) + " UARTs: no COM3 for the console");
            }

            if (profile.ConsolePort == "COM1" || profile.BusPort == "COM1")
            {
                report.Add(true, -1, "COM1 is the debugger link: the bus and console need COM2/COM3");
            }

            if (profile.ConsolePort == profile.BusPort)
            {
                report.Add(true, -1, "bus and console cannot share " + profile.BusPort);
            }

            for (int index = 0; index < assignments.Count; index++)
            {
                PinAssignment assignment = (PinAssignment)assignments[index];
                CheckOne(report, profile, chip, chipName, assignment);

                // Two functions on one pin: report once, at the second user.
                for (int earlier = 0; earlier < index; earlier++)
                {
                    PinAssignment other = (PinAssignment)assignments[earlier];
                    if (assignment.Pin >= 0 && other.Pin == assignment.Pin)
                    {
                        report.Add(true, assignment.Pin, "GPIO" + assignment.Pin + " is used twice: " + other.Label + " and " + assignment.Label);
                        break;
                    }
                }
            }

            return report;
        }

        private static void CheckOne(PinReport report, BoardProfile profile, Chip chip, string chipName, PinAssignment assignment)
        {
            int pin = assignment.Pin;
            string label = assignment.Label;
            if (pin < 0)
            {
                if (!assignment.Optional)
                {
                    report.Add(true, pin, label + " has no pin");
                }

                return;
            }

            if (!PinRules.Exists(chip, pin))
            {
                report.Add(true, pin, label + ": GPIO" + pin + " does not exist on " + chipName);
                return;
            }

            string reason = PinRules.FlashReason(chip, pin);
            if (reason != null)
            {
                report.Add(true, pin, label + ": GPIO" + pin + " " + reason);
                return;
            }

            reason = profile.ReservedReason(pin);
            if (reason != null && assignment.Function != PinFunction.FixedOutput)
            {
                report.Add(true, pin, label + ": GPIO" + pin + " " + reason + " on " + profile.Name);
                return;
            }

            bool fatal;
            reason = PinRules.DebugLinkReason(chip, pin, out fatal);
            if (reason != null)
            {
                report.Add(fatal, pin, label + ": GPIO" + pin + " " + reason);
                if (fatal)
                {
                    return;
                }
            }

            if (assignment.Drives && PinRules.IsInputOnly(chip, pin))
            {
                string verb = assignment.Function == PinFunction.BusDriverEnable ? "cannot drive DE" : "cannot be an output";
                report.Add(true, pin, label + ": GPIO" + pin + " is input-only and " + verb);
                return;
            }

            if (assignment.Function == PinFunction.PulseInput && !PinRules.HasInternalPullUp(chip, pin))
            {
                report.Add(false, pin, label + ": GPIO" + pin + " has no internal pull-up: fit 10 kOhm to 3.3 V");
            }

            if (PinRules.IsStrapping(chip, pin))
            {
                report.Add(false, pin, label + ": GPIO" + pin + " is a strapping pin and " + PinRules.StrappingEffect(chip, pin));
            }
        }
    }
}
