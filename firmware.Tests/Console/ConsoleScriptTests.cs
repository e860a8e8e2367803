using EspCollector.Tests.Doubles;
using nanoFramework.TestFramework;

namespace EspCollector.Tests.Console
{
    /// <summary>
    /// Table-driven console sessions: each script is a list of lines; "&gt; " marks what the installer types,
    /// every other line is the exact output expected after it, in order. Each script runs on a fresh collector
    /// (first boot, defaults, board esp32-devkitc-max485) with echo and prompts off.
    /// </summary>
    [TestClass]
    public class ConsoleScriptTests
    {
        private static readonly string[][] Scripts = new string[][]
        {
            // 0: set, show, secrets masked, missing and unknown keys
            new string[]
            {
                "> set wifi.ssid Home Net",
                "wifi.ssid = Home Net (staged)",
                "> show wifi",
                "wifi.ssid = Home Net (unsaved)",
                "wifi.password = (not set)",
                "> set wifi.password secret123",
                "wifi.password = ******** (staged)",
                "> show wifi",
                "wifi.ssid = Home Net (unsaved)",
                "wifi.password = ******** (unsaved)",
                "> set wifi.password short",
                "error: set wifi.password: 5 characters (allowed: 8..63 characters)",
                "> set wifi.ssid",
                "error: set: missing <value> for wifi.ssid (allowed: 1..32 characters)",
                "> set nosuch.key 1",
                "error: set: 'nosuch.key' is not a setting (see help set)",
                "> set",
                "error: set: missing <key> (usage: set <key> <value>)",
                "> set wifi.ssid \"  spaced  \"",
                "wifi.ssid =   spaced   (staged)",
                "> set wifi.ssid \"unterminated",
                "error: unterminated quote: nothing changed",
            },

            // 1: integers, choices, booleans, hosts, topics
            new string[]
            {
                "> set bus.baud 19200",
                "bus.baud = 19200 (staged)",
                "> set bus.baud 9601",
                "error: set bus.baud: '9601' is not allowed (allowed: 1200|2400|4800|9600|19200|38400|57600|115200)",
                "> set mqtt.port 0",
                "error: set mqtt.port: 0 is out of range (allowed: 1..65535)",
                "> set mqtt.port 12a",
                "error: set mqtt.port: '12a' is not a whole number (allowed: 1..65535)",
                "> set mqtt.port 99999999999",
                "error: set mqtt.port: '99999999999' is not a whole number (allowed: 1..65535)",
                "> set mqtt.port 8883",
                "mqtt.port = 8883 (staged)",
                "> set mqtt.tls maybe",
                "error: set mqtt.tls: 'maybe' is not allowed (allowed: on|off)",
                "> set mqtt.tls yes",
                "mqtt.tls = on (staged)",
                "> set mqtt.host broker_1.lan",
                "error: set mqtt.host: 'broker_1.lan' is not a host name or IPv4 address (letters, digits, '-', '.', up to 64 characters)",
                "> set mqtt.host Broker.LAN",
                "mqtt.host = broker.lan (staged)",
                "> set mqtt.topic home/+/energy",
                "error: set mqtt.topic: must not contain spaces, '+' or '#' (MQTT wildcards)",
                "> set mqtt.tls.ca I:\\ca.pem",
                "mqtt.tls.ca = I:\\ca.pem (staged)",
                "> SET BUS.PARITY NONE",
                "bus.parity = none (staged)",
            },

            // 2: unset
            new string[]
            {
                "> set bus.retries 4",
                "bus.retries = 4 (staged)",
                "> unset bus.retries",
                "bus.retries = 2 (default)",
                "> unset nosuch",
                "error: unset: 'nosuch' is not a setting (see help set)",
                "> unset",
                "error: unset: missing <key> (usage: unset <key>)",
                "> unset bus.retries extra",
                "error: unset: unexpected argument 'extra' (usage: unset <key>)",
            },

            // 3: meters
            new string[]
            {
                "> meter add main kpm33b 1",
                "meter main added: kpm33b at address 1, relay writes off, word order auto, history off (staged)",
                "> meter add pump SDM630 2 relay=on",
                "meter pump added: sdm630 at address 2, relay writes on, word order auto, history off (staged)",
                "> meter list",
                "meter main: kpm33b at address 1, relay writes off, word order auto, history off",
                "meter pump: sdm630 at address 2, relay writes on, word order auto, history off",
                "> meter add main kpm31 3",
                "error: meter add: name: 'main' is already used (meter and pulse channel names are unique)",
                "> meter add Main! kpm31 3",
                "error: meter add: name: 'Main!' is not allowed (allowed: 1..16 of a-z 0-9 _ -)",
                "> meter add sub abb 3",
                "error: meter add: type: 'abb' is not supported (allowed: kpm33b|kpm31|klefr|sdm630)",
                "> meter add sub kpm31 248",
                "error: meter add: address: '248' is not allowed (allowed: 1..247)",
                "> meter add sub kpm31 0x10",
                "error: meter add: address: '0x10' is not allowed (allowed: 1..247)",
                "> meter add sub kpm31 1",
                "error: meter add: address: 1 is already used by meter main (one address per meter on the bus)",
                "> meter add sub kpm31 3 relay=maybe",
                "error: meter add: relay: 'maybe' is not allowed (allowed: on|off)",
                "> meter add sub kpm31 3 colour=red",
                "error: meter add: option: 'colour=red' is not known (allowed: relay=on|off wordorder=auto|abcd|cdab history=on|off)",
                "> meter add sub kpm31",
                "error: meter add: missing <address> (usage: meter add <name> <type> <address> [relay=on|off] [wordorder=auto|abcd|cdab] [history=on|off])",
                "> meter add sub kpm31 3 relay=on extra",
                "error: meter add: option: 'extra' is not known (allowed: relay=on|off wordorder=auto|abcd|cdab history=on|off)",
                "> meter add sub kpm31 3 relay=on wordorder=auto history=off extra",
                "error: meter add: unexpected argument 'extra' (usage: meter add <name> <type> <address> [relay=on|off] [wordorder=auto|abcd|cdab] [history=on|off])",
                "> meter remove nosuch",
                "error: meter remove: name: 'nosuch' is not configured (allowed: main|pump)",
                "> meter remove pump",
                "meter pump removed (staged)",
                "> meter remove",
                "error: meter remove: missing <name> (usage: meter remove <name>)",
                "> meter list all",
                "error: meter list: unexpected argument 'all' (usage: meter list)",
                "> meter",
                "error: meter: missing sub-command (allowed: add|remove|list)",
                "> meter frobnicate",
                "error: meter: 'frobnicate' is not a sub-command (allowed: add|remove|list)",
            },

            // 4: pulse channels and their pin rules (board esp32-devkitc-max485)
            new string[]
            {
                "> pulse add water 32 1000",
                "pulse water added: GPIO32, 1000 imp/kWh, filter 30 ms, falling edge, offset 0 kWh, no link (staged)",
                "> pulse add heat 34 500 filter=50",
                "warning: pulse heat: GPIO34 has no internal pull-up: fit 10 kOhm to 3.3 V",
                "pulse heat added: GPIO34, 500 imp/kWh, filter 50 ms, falling edge, offset 0 kWh, no link (staged)",
                "> pulse add pv 22 1000",
                "error: pulse add: GPIO22 is used twice: pin.console.tx and pulse pv",
                "> pulse add pv 7 1000",
                "error: pulse add: pulse pv: GPIO7 is wired to the SPI flash (GPIO6..11)",
                "> pulse add pv 20 1000",
                "error: pulse add: pulse pv: GPIO20 does not exist on ESP32",
                "> pulse add pv 40 1000",
                "error: pulse add: pin: '40' is not allowed (allowed: GPIO 0..39 free on esp32-devkitc-max485)",
                "> pulse add pv 16 1000",
                "error: pulse add: pulse pv: GPIO16 is the PSRAM pin of WROVER modules on esp32-devkitc-max485",
                "> pulse add pv 32 1000",
                "error: pulse add: GPIO32 is used twice: pulse water and pulse pv",
                "> pulse add pv 33 0",
                "error: pulse add: constant: '0' is not allowed (allowed: 0.01..100000 pulses per kWh, '.' as decimal point, up to 4 decimals)",
                "> pulse add pv 33 1000 filter=0",
                "error: pulse add: filter: '0' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add pv 33 1000 debounce=5",
                "error: pulse add: option: 'debounce=5' is not known (allowed: filter=<ms> edge=falling|rising offset=<kWh> link=<meter>[:<quantity>])",
                "> pulse add water 33 1000",
                "error: pulse add: name: 'water' is already used (meter and pulse channel names are unique)",
                "> pulse add pv 0 1000",
                "warning: pulse pv: GPIO0 is a strapping pin and selects download mode when low at reset",
                "pulse pv added: GPIO0, 1000 imp/kWh, filter 30 ms, falling edge, offset 0 kWh, no link (staged)",
                "> pulse list",
                "pulse water: GPIO32, 1000 imp/kWh, filter 30 ms, falling edge, offset 0 kWh, no link",
                "pulse heat: GPIO34, 500 imp/kWh, filter 50 ms, falling edge, offset 0 kWh, no link",
                "pulse pv: GPIO0, 1000 imp/kWh, filter 30 ms, falling edge, offset 0 kWh, no link",
                "> pulse remove heat",
                "pulse heat removed (staged)",
                "> pulse remove heat",
                "error: pulse remove: name: 'heat' is not configured (allowed: water|pv)",
                "> pulse add",
                "error: pulse add: missing <name> (usage: pulse add <name> <pin> <imp/kWh> [filter=<ms>] [edge=falling|rising] [offset=<kWh>] [link=<meter>[:<quantity>]])",
            },

            // 5: pin overrides
            new string[]
            {
                "> set pin.bus.de 35",
                "error: set pin.bus.de: GPIO35 is input-only and cannot drive DE",
                "> set pin.bus.de 22",
                "error: set pin.bus.de: GPIO22 is used twice: pin.bus.de and pin.console.tx",
                "> set pin.bus.de 6",
                "error: set pin.bus.de: GPIO6 is wired to the SPI flash (GPIO6..11)",
                "> set pin.bus.de 1",
                "error: set pin.bus.de: GPIO1 is UART0, the nanoFramework debugger link (GPIO1 TX, GPIO3 RX)",
                "> set pin.bus.de 49",
                "error: set pin.bus.de: '49' is not allowed (allowed: 0..48|none (GPIO number))",
                "> set pin.bus.tx none",
                "error: set pin.bus.tx: 'none' is not allowed (allowed: 0..48 (GPIO number))",
                "> set pin.bus.de 5",
                "warning: pin.bus.de: GPIO5 is a strapping pin and is sampled at reset; the circuit on it must not pull it to the wrong level while booting",
                "pin.bus.de = 5 (staged)",
                "> set pin.bus.de none",
                "pin.bus.de = none (staged)",
                "> show pin",
                "pin.bus.tx = 26 (board)",
                "pin.bus.rx = 25 (board)",
                "pin.bus.de = none (unsaved)",
                "pin.console.tx = 22 (board)",
                "pin.console.rx = 21 (board)",
                "pin.led = none (board)",
                "> unset pin.bus.de",
                "pin.bus.de = 27 (board)",
                "> set pin.led 23",
                "pin.led = 23 (staged)",
            },

            // 6: boards
            new string[]
            {
                "> board list",
                "* esp32-devkitc-max485          ESP32     ESP32_REV0      Espressif ESP32-DevKitC + MAX485/MAX3485 module",
                "  lilygo-t-can485               ESP32     ESP32_REV0      LilyGO T-CAN485 (ESP32, MAX13487E auto-direction RS485)",
                "  m5stack-atom-rs485            ESP32     ESP32_PICO      M5Stack ATOM Lite on the ATOMIC RS485 Base (A131)",
                "  waveshare-esp32-s3-rs485-can  ESP32-S3  ESP32_S3_OCTAL  Waveshare ESP32-S3-RS485-CAN (isolated RS485, DIN rail)",
                "> board use nosuch",
                "error: board use: board: 'nosuch' is not a known board (allowed: esp32-devkitc-max485|lilygo-t-can485|m5stack-atom-rs485|waveshare-esp32-s3-rs485-can)",
                "> board use lilygo-t-can485",
                "board = lilygo-t-can485 (staged; firmware target ESP32_REV0)",
                "> show board",
                "board = lilygo-t-can485 (unsaved)",
                "  LilyGO T-CAN485 (ESP32, MAX13487E auto-direction RS485): ESP32, flash with nanoff --target ESP32_REV0",
                "> pulse add water 32 1000",
                "pulse water added: GPIO32, 1000 imp/kWh, filter 30 ms, falling edge, offset 0 kWh, no link (staged)",
                "> board use m5stack-atom-rs485",
                "error: board use: board: GPIO32 is used twice: pin.console.rx and pulse water",
                "> board use waveshare-esp32-s3-rs485-can",
                "error: board use: board: pulse water: GPIO32 is an SPI flash/PSRAM pin (GPIO26..32)",
                "> pulse remove water",
                "pulse water removed (staged)",
                "> board use waveshare-esp32-s3-rs485-can",
                "board = waveshare-esp32-s3-rs485-can (staged; firmware target ESP32_S3_OCTAL)",
                "> pulse add heat 35 1000",
                "error: pulse add: pulse heat: GPIO35 is an octal PSRAM pin on waveshare-esp32-s3-rs485-can",
                "> pulse add heat 27 1000",
                "error: pulse add: pulse heat: GPIO27 is an SPI flash/PSRAM pin (GPIO26..32)",
                "> board",
                "error: board: missing sub-command (allowed: list|use)",
                "> board use",
                "error: board use: missing <name> (usage: board use <name>)",
            },

            // 7: save, discard, bus
            new string[]
            {
                "> save",
                "nothing to save",
                "> discard",
                "nothing to discard",
                "> set bus.baud 19200",
                "bus.baud = 19200 (staged)",
                "> discard",
                "staged changes discarded",
                "> bus",
                "bus.baud = 9600 (default)",
                "bus.parity = even (default)",
                "bus.stopbits = 1 (default)",
                "bus.timeout = 500 (default)",
                "bus.retries = 2 (default)",
                "bus.interval = 10 (default)",
                "bus.gap = 0 (default)",
                "> bus baud 4800",
                "bus.baud = 4800 (staged)",
                "> save",
                "saved; applied now (pin changes take effect at the next reboot)",
                "> bus baud",
                "error: bus: missing <value> for bus.baud (allowed: 1200|2400|4800|9600|19200|38400|57600|115200)",
                "> bus speed 4800",
                "error: bus: 'speed' is not a bus setting (allowed: baud|parity|stopbits|timeout|retries|interval|gap)",
                "> bus parity mark",
                "error: set bus.parity: 'mark' is not allowed (allowed: none|even|odd)",
                "> bus timeout 10",
                "error: set bus.timeout: 10 is out of range (allowed: 20..5000)",
                "> bus a b c",
                "error: bus: unexpected argument 'c' (usage: bus [<setting> <value>])",
                "> show bus",
                "bus.baud = 4800",
                "bus.parity = even (default)",
                "bus.stopbits = 1 (default)",
                "bus.timeout = 500 (default)",
                "bus.retries = 2 (default)",
                "bus.interval = 10 (default)",
                "bus.gap = 0 (default)",
                "> save now",
                "error: save: unexpected argument 'now' (usage: save)",
                "> discard all",
                "error: discard: unexpected argument 'all' (usage: discard)",
            },

            // 8: status
            new string[]
            {
                "> status",
                "uptime: 1d 02:03:04",
                "memory: 41234 bytes free",
                "network: connected to Home, 192.168.1.20",
                "broker: connected to mqtt.local:1883",
                "bus: 120 requests, 3 timeouts, 1 CRC errors, 0 exception responses",
                "pulse water: 1234 pulses",
                "console: 0 bytes dropped, 0 lines rejected",
                "configuration: saved",
                "> status now",
                "error: status: unexpected argument 'now' (usage: status)",
            },

            // 9: scan, read, relay (acting on the active configuration)
            new string[]
            {
                "> meter add main kpm33b 1 relay=on",
                "meter main added: kpm33b at address 1, relay writes on, word order auto, history off (staged)",
                "> meter add sub kpm31 2",
                "meter sub added: kpm31 at address 2, relay writes off, word order auto, history off (staged)",
                "> read main",
                "error: read: meter 'main' is not active (allowed: none configured; a new meter runs after save and reboot)",
                "> save",
                "saved; applied now (pin changes take effect at the next reboot)",
                "> read main",
                "main: 230.1 V",
                "> read nosuch",
                "error: read: meter 'nosuch' is not active (allowed: main|sub; a new meter runs after save and reboot)",
                "> read",
                "error: read: missing <meter> (usage: read <meter>)",
                "> scan",
                "scanning addresses 1..247",
                "address 1: responds",
                "scan done: 1 device",
                "> scan 5 10",
                "scanning addresses 5..10",
                "address 1: responds",
                "scan done: 1 device",
                "> scan 10 5",
                "error: scan: <first> 10 is above <last> 5",
                "> scan 0 5",
                "error: scan: <first> '0' is not allowed (allowed: 1..247)",
                "> scan 1 300",
                "error: scan: <last> '300' is not allowed (allowed: 1..247)",
                "> scan 5",
                "error: scan: missing <last> (usage: scan [<first> <last>])",
                "> relay main on",
                "relay main on switches the load: type 'yes' to confirm",
                "> yes",
                "relay main switched on",
                "> relay main off",
                "relay main off switches the load: type 'yes' to confirm",
                "> no",
                "cancelled",
                "> relay sub on",
                "error: relay: meter sub has relay writes off (meter remove, then meter add ... relay=on)",
                "> relay main toggle",
                "error: relay: 'toggle' is not allowed (allowed: on|off)",
                "> relay main",
                "error: relay: missing <on|off> (usage: relay <meter> <on|off>)",
                "> relay nosuch on",
                "error: relay: meter 'nosuch' is not active (allowed: main|sub; a new meter runs after save and reboot)",
            },

            // 10: reboot and factory reset
            new string[]
            {
                "> reboot",
                "rebooting",
                "> set bus.baud 19200",
                "bus.baud = 19200 (staged)",
                "> reboot",
                "reboot loses the unsaved changes: type 'yes' to confirm",
                "> nope",
                "cancelled",
                "> save",
                "saved; applied now (pin changes take effect at the next reboot)",
                "> factory-reset",
                "factory-reset erases meters, pulse channels, WiFi, MQTT and board settings, then reboots: type 'yes' to confirm",
                "> YES",
                "configuration erased; rebooting",
                "> show bus",
                "bus.baud = 9600 (default)",
                "bus.parity = even (default)",
                "bus.stopbits = 1 (default)",
                "bus.timeout = 500 (default)",
                "bus.retries = 2 (default)",
                "bus.interval = 10 (default)",
                "bus.gap = 0 (default)",
                "> reboot now",
                "error: reboot: unexpected argument 'now' (usage: reboot)",
                "> factory-reset now",
                "error: factory-reset: unexpected argument 'now' (usage: factory-reset)",
            },

            // 11: help, show sections, unknown commands
            new string[]
            {
                "> help meter add",
                "usage: meter add <name> <type> <address> [relay=on|off] [wordorder=auto|abcd|cdab] [history=on|off]",
                "add a Modbus meter (type kpm33b|kpm31|klefr|sdm630, address 1..247; relay writes, word order and monthly history default off, auto, off)",
                "> help meter",
                "usage: meter add <name> <type> <address> [relay=on|off] [wordorder=auto|abcd|cdab] [history=on|off] - add a Modbus meter (type kpm33b|kpm31|klefr|sdm630, address 1..247; relay writes, word order and monthly history default off, auto, off)",
                "usage: meter remove <name> - remove a meter",
                "usage: meter list - list the configured meters",
                "> help frob",
                "error: help: 'frob' is not a command (type help)",
                "> help a b c",
                "error: help: unexpected argument 'c' (usage: help [command])",
                "> frob",
                "error: 'frob' is not a command (type help)",
                "> show nosuch",
                "error: show: 'nosuch' is not a section (allowed: device|console|wifi|mqtt|bus|board|pin|meter|pulse)",
                "> show device",
                "device.name = espcollector (default)",
                "> show console",
                "console.password = (not set)",
                "> show meter",
                "meters: none",
                "> show pulses",
                "pulse.save = 5 (default)",
                "pulse channels: none",
                "> show a b",
                "error: show: unexpected argument 'b' (usage: show [section])",
                "> logout",
                "error: logout: no console.password is set (set console.password, save)",
                "> logout now",
                "error: logout: unexpected argument 'now' (usage: logout)",
            },

            // 12: secrets entered hidden
            new string[]
            {
                "> set console.password",
                "console.password (hidden):",
                "> abc",
                "error: set console.password: 3 characters (allowed: 4..32 characters)",
                "> set mqtt.password",
                "mqtt.password (hidden):",
                "> hunter22",
                "mqtt.password = ******** (staged)",
                "> show mqtt",
                "mqtt.host = (not set)",
                "mqtt.port = 1883 (default)",
                "mqtt.user = (not set)",
                "mqtt.password = ******** (unsaved)",
                "mqtt.tls = off (default)",
                "mqtt.tls.ca = (not set)",
                "mqtt.topic = espcollector (default)",
                "mqtt.discovery = on (default)",
                "mqtt.discovery.prefix = homeassistant (default)",
                "mqtt.interval = 60 (default)",
                "mqtt.id = (not set)",
                "mqtt.keepalive = 30 (default)",
                "mqtt.buffer = 8192 (default)",
                "mqtt.relay = off (default)",
            },

            // 13: pulse channel options: fractional constants and filters, edge, offset, link to a meter
            new string[]
            {
                "> meter add main klefr 5",
                "meter main added: klefr at address 5, relay writes off, word order auto, history off (staged)",
                "> pulse add fast 32 10000 filter=2.5 edge=rising offset=12345.678 link=main",
                "pulse fast added: GPIO32, 10000 imp/kWh, filter 2.5 ms, rising edge, offset 12345.678 kWh, linked to main:energy_import (staged)",
                "> pulse add slow 33 0.01 EDGE=Falling link=main:energy_export offset=-0.5",
                "pulse slow added: GPIO33, 0.01 imp/kWh, filter 30 ms, falling edge, offset -0.5 kWh, linked to main:energy_export (staged)",
                "> pulse add x 18 1000 filter=abc",
                "error: pulse add: filter: 'abc' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 filter=0",
                "error: pulse add: filter: '0' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 filter=0.4",
                "error: pulse add: filter: '0.4' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 filter=1000.001",
                "error: pulse add: filter: '1000.001' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 filter=2,5",
                "error: pulse add: filter: '2,5' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 filter=2.5555",
                "error: pulse add: filter: '2.5555' is not allowed (allowed: 0.5..1000 ms, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 edge=up",
                "error: pulse add: edge: 'up' is not allowed (allowed: falling|rising)",
                "> pulse add x 18 1000 offset=1e999",
                "error: pulse add: offset: '1e999' is not allowed (allowed: -100000000..100000000 kWh, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 offset=100000000.001",
                "error: pulse add: offset: '100000000.001' is not allowed (allowed: -100000000..100000000 kWh, '.' as decimal point, up to 3 decimals)",
                "> pulse add x 18 1000 link=nosuchmeter",
                "error: pulse add: link: meter 'nosuchmeter' is not configured (allowed: main)",
                "> pulse add x 18 1000 link=main:voltage_l1",
                "error: pulse add: link: 'voltage_l1' is not an energy quantity in kWh (e.g. energy_import|energy_export|energy_total)",
                "> pulse add x 18 1000 link=main:energy_import_t4",
                "error: pulse add: link: meter main (klefr) has no energy_import_t4 register",
                "> pulse add x 18 -1",
                "error: pulse add: constant: '-1' is not allowed (allowed: 0.01..100000 pulses per kWh, '.' as decimal point, up to 4 decimals)",
                "> pulse add x 18 0.001",
                "error: pulse add: constant: '0.001' is not allowed (allowed: 0.01..100000 pulses per kWh, '.' as decimal point, up to 4 decimals)",
                "> pulse add x 18 100000.5",
                "error: pulse add: constant: '100000.5' is not allowed (allowed: 0.01..100000 pulses per kWh, '.' as decimal point, up to 4 decimals)",
                "> pulse add x 18 1,5",
                "error: pulse add: constant: '1,5' is not allowed (allowed: 0.01..100000 pulses per kWh, '.' as decimal point, up to 4 decimals)",
                "> pulse add x 18 1000 filter=5 filter=6",
                "error: pulse add: filter: given twice",
                "> pulse add x 18 1000 nofilter",
                "error: pulse add: option: 'nofilter' is not known (allowed: filter=<ms> edge=falling|rising offset=<kWh> link=<meter>[:<quantity>])",
                "> pulse add x 18 1000 filter=5 edge=rising offset=1 link=main extra",
                "error: pulse add: unexpected argument 'extra' (usage: pulse add <name> <pin> <imp/kWh> [filter=<ms>] [edge=falling|rising] [offset=<kWh>] [link=<meter>[:<quantity>]])",
                "> pulse list",
                "pulse fast: GPIO32, 10000 imp/kWh, filter 2.5 ms, rising edge, offset 12345.678 kWh, linked to main:energy_import",
                "pulse slow: GPIO33, 0.01 imp/kWh, filter 30 ms, falling edge, offset -0.5 kWh, linked to main:energy_export",
                "> meter remove main",
                "error: meter remove: name: meter main is linked by pulse channel fast (pulse remove fast, then add it again without link=)",
                "> pulse remove fast",
                "pulse fast removed (staged)",
                "> meter remove main",
                "error: meter remove: name: meter main is linked by pulse channel slow (pulse remove slow, then add it again without link=)",
                "> pulse remove slow",
                "pulse slow removed (staged)",
                "> meter remove main",
                "meter main removed (staged)",
                "> help pulse add",
                "usage: pulse add <name> <pin> <imp/kWh> [filter=<ms>] [edge=falling|rising] [offset=<kWh>] [link=<meter>[:<quantity>]]",
                "add an S0 input: constant 0.01..100000 imp/kWh, filter 0.5..1000 ms (default 30), edge (default falling), offset added to the count, link to a meter's energy register (default energy_import) for a cross-check",
            },

            // 14: meter options: word order, history, relay
            new string[]
            {
                "> meter add a kpm33b 1 wordorder=CDAB history=on relay=on",
                "meter a added: kpm33b at address 1, relay writes on, word order cdab, history on (staged)",
                "> meter add b sdm630 2 history=on",
                "error: meter add: history: meter type sdm630 keeps no monthly history (allowed: off)",
                "> meter add b sdm630 2 wordorder=xyz",
                "error: meter add: wordorder: 'xyz' is not allowed (allowed: auto|abcd|cdab)",
                "> meter add b sdm630 2 history=maybe",
                "error: meter add: history: 'maybe' is not allowed (allowed: on|off)",
                "> meter add b sdm630 2 relay=on relay=off",
                "error: meter add: relay: given twice",
                "> meter add b sdm630 2 =on",
                "error: meter add: option: '=on' is not known (allowed: relay=on|off wordorder=auto|abcd|cdab history=on|off)",
                "> meter add b sdm630 2 wordorder=abcd history=off",
                "meter b added: sdm630 at address 2, relay writes off, word order abcd, history off (staged)",
                "> meter list",
                "meter a: kpm33b at address 1, relay writes on, word order cdab, history on",
                "meter b: sdm630 at address 2, relay writes off, word order abcd, history off",
            },

            // 15: keys for publishing, pulse totals and the bus gap
            new string[]
            {
                "> set mqtt.id Site-7",
                "mqtt.id = site-7 (staged)",
                "> set mqtt.id bad/id",
                "error: set mqtt.id: 'bad/id' is not allowed (allowed: 1..32 of a-z 0-9 _ -)",
                "> set mqtt.buffer 1024",
                "error: set mqtt.buffer: 1024 is out of range (allowed: 2048..20480)",
                "> set mqtt.buffer 4096",
                "mqtt.buffer = 4096 (staged)",
                "> set mqtt.relay on",
                "mqtt.relay = on (staged)",
                "> set mqtt.keepalive 4",
                "error: set mqtt.keepalive: 4 is out of range (allowed: 5..3600)",
                "> set mqtt.keepalive 120",
                "mqtt.keepalive = 120 (staged)",
                "> set pulse.save 0",
                "error: set pulse.save: 0 is out of range (allowed: 1..1440)",
                "> set pulse.save 15",
                "pulse.save = 15 (staged)",
                "> bus gap 101",
                "error: set bus.gap: 101 is out of range (allowed: 0..100)",
                "> bus gap 5",
                "bus.gap = 5 (staged)",
                "> show pulse",
                "pulse.save = 15 (unsaved)",
                "pulse channels: none",
                "> unset mqtt.relay",
                "mqtt.relay = off (default)",
                "> help set",
                "usage: set <key> <value>",
                "stage a setting; without a value a secret is asked for hidden (see help set)",
                "  device.name           host name or IPv4 address, up to 32 characters; name of this collector (MQTT client id, Home Assistant device)",
                "  console.password      4..32 characters; password asked before the console accepts commands; unset = none",
                "  wifi.ssid             1..32 characters; WiFi network name (quote it when it has leading or trailing spaces)",
                "  wifi.password         8..63 characters; WPA2 passphrase; unset for an open network",
                "  mqtt.host             host name or IPv4 address, up to 64 characters; MQTT broker; unset = do not publish",
                "  mqtt.port             1..65535; MQTT broker port (8883 usual with TLS)",
                "  mqtt.user             1..64 characters; MQTT user name; unset = anonymous",
                "  mqtt.password         1..64 characters; MQTT password",
                "  mqtt.tls              on|off; connect to the broker with TLS",
                "  mqtt.tls.ca           1..64 characters; file holding the broker's CA certificate (PEM) on the device, e.g. I:\\ca.pem",
                "  mqtt.topic            1..64 characters without spaces, '+' or '#'; topic prefix of readings and events",
                "  mqtt.discovery        on|off; publish Home Assistant discovery",
                "  mqtt.discovery.prefix 1..64 characters without spaces, '+' or '#'; Home Assistant discovery prefix",
                "  mqtt.interval         5..3600; seconds between published readings",
                "  mqtt.id               1..32 of a-z 0-9 _ -; collector id in topics and Home Assistant ids; unset = espcollector-<last 3 MAC bytes>",
                "  mqtt.keepalive        5..3600; MQTT keep-alive in seconds",
                "  mqtt.buffer           2048..20480; bytes kept for readings while the broker is unreachable (heap is ~80 KB)",
                "  mqtt.relay            on|off; accept relay commands over MQTT (also needs relay=on on the meter)",
                "  bus.baud              1200|2400|4800|9600|19200|38400|57600|115200; RS485 baud rate (every meter on the bus must match)",
                "  bus.parity            none|even|odd; parity; Modbus over Serial Line V1.02 2.5.1 makes even the default",
                "  bus.stopbits          1|2; stop bits (the spec pairs no parity with 2)",
                "  bus.timeout           20..5000; response timeout in milliseconds",
                "  bus.retries           0..5; retries after a timeout or CRC error",
                "  bus.interval          1..3600; seconds between polls of each meter",
                "  bus.gap               0..100; inter-character timeout in ms; 0 = from the baud rate (Modbus over Serial Line V1.02 2.5.1.1)",
                "  pulse.save            1..1440; minutes between saves of the pulse totals (flash wear vs. counts lost at a power cut)",
                "  board                 esp32-devkitc-max485|lilygo-t-can485|m5stack-atom-rs485|waveshare-esp32-s3-rs485-can; board profile (also: board list, board use <name>)",
                "  pin.bus.tx            0..48 (GPIO number); RS485 UART TX GPIO; unset = board default",
                "  pin.bus.rx            0..48 (GPIO number); RS485 UART RX GPIO; unset = board default",
                "  pin.bus.de            0..48|none (GPIO number); RS485 DE/RE GPIO, none for auto-direction; unset = board default",
                "  pin.console.tx        0..48 (GPIO number); console UART TX GPIO; unset = board default",
                "  pin.console.rx        0..48 (GPIO number); console UART RX GPIO; unset = board default",
                "  pin.led               0..48|none (GPIO number); status LED GPIO or none; unset = board default",
            },
        };

        [TestMethod]
        [DataRow(0)]
        [DataRow(1)]
        [DataRow(2)]
        [DataRow(3)]
        [DataRow(4)]
        [DataRow(5)]
        [DataRow(6)]
        [DataRow(7)]
        [DataRow(8)]
        [DataRow(9)]
        [DataRow(10)]
        [DataRow(11)]
        [DataRow(12)]
        [DataRow(13)]
        [DataRow(14)]
        [DataRow(15)]
        public void ScriptedSessionProducesExactOutput(int scriptIndex)
        {
            Run(Scripts[scriptIndex], scriptIndex);
        }

        [TestMethod]
        public void EveryScriptIsListedAsADataRow()
        {
            Assert.AreEqual(16, Scripts.Length);
        }

        private static void Run(string[] script, int scriptIndex)
        {
            ConsoleHarness harness = new ConsoleHarness(false);
            harness.Session.Start();
            harness.Output.Clear();
            int index = 0;
            while (index < script.Length)
            {
                string input = script[index];
                Assert.IsTrue(input.StartsWith("> "), "script " + scriptIndex + " line " + index + " should be input");
                harness.Output.Clear();
                harness.Type(input.Substring(2));
                index++;
                int produced = 0;
                while (index < script.Length && !script[index].StartsWith("> "))
                {
                    Assert.IsTrue(produced < harness.Output.Count, "script " + scriptIndex + " after '" + input + "': missing line '"
                        + script[index] + "'; got: " + harness.Output.Joined());
                    Assert.AreEqual(script[index], harness.Output[produced], "script " + scriptIndex + " after '" + input + "'");
                    produced++;
                    index++;
                }

                Assert.AreEqual(produced, harness.Output.Count, "script " + scriptIndex + " after '" + input + "': extra output: "
                    + harness.Output.Joined());
            }
        }
    }
}
