namespace EspCollector.Core.Publishing
{
    /// <summary>Creates a new, unconnected transport; called once per connection attempt.</summary>
    public interface IMessageTransportFactory
    {
        IMessageTransport Create();
    }
}
