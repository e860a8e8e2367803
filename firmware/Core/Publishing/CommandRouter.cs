namespace EspCollector.Core.Publishing
{
    /// <summary>What the publisher must do after a command was answered.</summary>
    public enum CommandDisposition
    {
        /// <summary>The topic is not a command topic; nothing to publish.</summary>
        NotACommand = 0,

        /// <summary>Publish the result.</summary>
        Answered = 1,

        /// <summary>Publish the result, then reboot (after the result has left).</summary>
        AnsweredRebootRequested = 2,
    }

    /// <summary>
    /// Commands on &lt;prefix&gt;/&lt;id&gt;/cmd/&lt;verb&gt;, answered on &lt;verb&gt;/result with
    /// {"ok":true|false,"verb":...,["id":...],[...],["error":code]}. Verbs:
    /// <list type="bullet">
    /// <item>poll {"meter":"main"}: read the meter now.</item>
    /// <item>relay {"meter":"main","state":"on"|"off"}: refused unless relay control over MQTT is enabled in
    /// the configuration; answers with the state read back from the meter.</item>
    /// <item>reboot {}: answered, then the collector restarts.</item>
    /// </list>
    /// Everything else (unknown verb, oversized, malformed, unknown member, retained) gets an error result
    /// and changes nothing. A retained command is refused because the broker would deliver it again on every
    /// reconnect (a retained reboot would loop forever).
    /// </summary>
    public sealed class CommandRouter
    {
        public const string VerbPoll = "poll";
        public const string VerbRelay = "relay";
        public const string VerbReboot = "reboot";

        /// <summary>Result topic used when the verb itself is not a valid name.</summary>
        public const string InvalidVerb = "invalid";

        private readonly TopicLayout _topics;
        private readonly ICommandActions _actions;
        private readonly bool _relayControlEnabled;
        private readonly int _maximumPayloadBytes;
        private readonly CommandRequest _request = new CommandRequest();


        public CommandRouter(TopicLayout topics, ICommandActions actions, bool relayControlEnabled, int maximumPayloadBytes)
        {
            _topics = topics;
            _actions = actions;
            _relayControlEnabled = relayControlEnabled;
            _maximumPayloadBytes = maximumPayloadBytes;
        }

        public int MaximumPayloadBytes
        {
            get { return _maximumPayloadBytes; }
        }

        /// <summary>True for topics under &lt;prefix&gt;/&lt;id&gt;/cmd/ with one more level.</summary>
        public bool IsCommandTopic(string topic)
        {
            int verb = _topics.CommandVerbStart(topic);
            return verb >= 0 && topic.Length > verb && topic.IndexOf('/', verb) < 0;
        }

        /// <summary>
        /// Handles one command. <paramref name="length"/> is the payload's real length; when it exceeds
        /// <see cref="MaximumPayloadBytes"/> the bytes are not looked at.
        /// </summary>
        public CommandDisposition Handle(string topic, byte[] payload, int length, bool retained, JsonWriter result, out string resultTopic)
        {
            return Handle(topic, payload, 0, length, retained, result, out resultTopic);
        }

        /// <summary>As above, the payload read in place at <paramref name="offset"/> (the mailbox's arena).</summary>
        public CommandDisposition Handle(string topic, byte[] payload, int offset, int length, bool retained, JsonWriter result, out string resultTopic)
        {
            resultTopic = null;
            if (!IsCommandTopic(topic))
            {
                return CommandDisposition.NotACommand;
            }

            string verb = topic.Substring(_topics.CommandVerbStart(topic));
            bool known = verb == VerbPoll || verb == VerbRelay || verb == VerbReboot;
            // The result is written only once the action is done (Begin): the writer is the publisher's only one,
            // and an action may queue an event through it meanwhile.
            resultTopic = ResultTopic(verb, known);

            if (retained)
            {
                return Refuse(result, verb, null, "retained_command_ignored");
            }

            if (!known)
            {
                return Refuse(result, TopicLayout.IsValidName(verb) ? verb : InvalidVerb, null, "unknown_verb");
            }

            if (length > _maximumPayloadBytes)
            {
                return Refuse(result, verb, null, "payload_too_large");
            }

            if (!_request.Parse(payload, offset, length))
            {
                return Refuse(result, verb, null, _request.Error);
            }

            if (verb == VerbReboot)
            {
                if (_request.Meter != null || _request.State != null)
                {
                    return Refuse(result, verb, _request.Id, "unknown_field");
                }

                Begin(result, true, verb, _request.Id);
                result.EndObject();
                return CommandDisposition.AnsweredRebootRequested;
            }

            if (verb == VerbRelay && !_relayControlEnabled)
            {
                return Refuse(result, verb, _request.Id, "relay_control_disabled");
            }

            if (_request.Meter == null)
            {
                return Refuse(result, verb, _request.Id, "missing_meter");
            }

            if (!TopicLayout.IsValidName(_request.Meter))
            {
                return Refuse(result, verb, _request.Id, "unknown_meter");
            }

            if (verb == VerbPoll)
            {
                if (_request.State != null)
                {
                    return Refuse(result, verb, _request.Id, "unknown_field");
                }

                CommandOutcome polled = _actions.PollMeter(_request.Meter);
                if (polled != CommandOutcome.Done)
                {
                    return Refuse(result, verb, _request.Id, OutcomeError(polled));
                }

                Begin(result, true, verb, _request.Id);
                result.WriteString("meter", _request.Meter);
                result.EndObject();
                return CommandDisposition.Answered;
            }

            bool closed;
            if (_request.State == "on" || _request.State == "true")
            {
                closed = true;
            }
            else if (_request.State == "off" || _request.State == "false")
            {
                closed = false;
            }
            else
            {
                return Refuse(result, verb, _request.Id, "invalid_state");
            }

            bool closedAfter;
            CommandOutcome switched = _actions.SetRelay(_request.Meter, closed, out closedAfter);
            if (switched != CommandOutcome.Done)
            {
                return Refuse(result, verb, _request.Id, OutcomeError(switched));
            }

            // ok only when the read-back matches what was asked; the state field is always the read-back.
            Begin(result, closedAfter == closed, verb, _request.Id);
            result.WriteString("meter", _request.Meter);
            result.WriteString("state", closedAfter ? "on" : "off");
            if (closedAfter != closed)
            {
                result.WriteString("error", "relay_state_mismatch");
            }

            result.EndObject();
            return CommandDisposition.Answered;
        }

        /// <summary>&lt;prefix&gt;/&lt;id&gt;/cmd/&lt;verb&gt;/result, composed per command (commands are rare; nothing kept).</summary>
        private string ResultTopic(string verb, bool known)
        {
            return _topics.CommandResult(known || TopicLayout.IsValidName(verb) ? verb : InvalidVerb);
        }

        private static void Begin(JsonWriter result, bool ok, string verb, string id)
        {
            result.Reset();
            result.BeginObject();
            result.WriteBoolean("ok", ok);
            result.WriteString("verb", verb);
            if (id != null)
            {
                result.WriteString("id", id);
            }
        }

        private static CommandDisposition Refuse(JsonWriter result, string verb, string id, string error)
        {
            Begin(result, false, verb, id);
            result.WriteString("error", error);
            result.EndObject();
            return CommandDisposition.Answered;
        }

        private static string OutcomeError(CommandOutcome outcome)
        {
            switch (outcome)
            {
                case CommandOutcome.UnknownMeter:
                    return "unknown_meter";
                case CommandOutcome.NotSupported:
                    return "not_supported";
                case CommandOutcome.MeterNotResponding:
                    return "meter_not_responding";
                case CommandOutcome.Busy:
                    return "busy";
                default:
                    return "failed";
            }
        }
    }
}
