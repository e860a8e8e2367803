namespace EspCollector.Core.Publishing
{
    /// <summary>
    /// Everything a transport needs to open one MQTT session (MQTT 3.1.1, 3.1: CONNECT variable header and
    /// payload), prepared once by the publisher from its settings.
    /// </summary>
    public sealed class TransportConnectOptions
    {
        public string BrokerHost;
        public int BrokerPort = 1883;
        public string ClientId;

        /// <summary>Null or empty: no user name (and then no password, MQTT 3.1.1, 3.1.2.9).</summary>
        public string UserName;
        public string Password;

        /// <summary>Topic of the last will; null for none. The broker publishes it when the connection drops without DISCONNECT.</summary>
        public string WillTopic;
        public string WillMessage;
        public bool WillRetain;
        public int WillQualityOfService;

        /// <summary>Keep-alive in seconds (MQTT 3.1.1, 3.1.2.10): the broker drops us after 1.5 times this without traffic.</summary>
        public int KeepAliveSeconds = 30;

        /// <summary>
        /// Clean session: true, because every message the collector needs again is either retained
        /// (status, availability, discovery) or kept in the store-and-forward ring, not in a broker session.
        /// </summary>
        public bool CleanSession = true;

        /// <summary>TLS to the broker, validated against <see cref="CaCertificatePem"/>.</summary>
        public bool UseTls;

        /// <summary>PEM text of the certificate authority that signed the broker's certificate.</summary>
        public string CaCertificatePem;

        /// <summary>TLS without <see cref="CaCertificatePem"/> was asked for explicitly (mqtt.tls.insecure on);
        /// otherwise such a connection is not attempted (<see cref="TransportConnectResult.TlsCertificateMissing"/>).</summary>
        public bool TlsInsecure;

        /// <summary>True when TLS is on, no CA is given and insecure TLS was not asked for.</summary>
        public bool TlsCertificateMissing
        {
            get { return UseTls && (CaCertificatePem == null || CaCertificatePem.Length == 0) && !TlsInsecure; }
        }

        /// <summary>How long Connect, SUBSCRIBE and a QoS 1 PUBLISH may wait for the broker's answer.</summary>
        public int ResponseTimeoutMilliseconds = 5000;
    }
}
