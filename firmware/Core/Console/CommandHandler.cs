namespace EspCollector.Core.Console
{
    /// <summary>Runs one console command; the arguments are counted and checked against the table first.</summary>
    public delegate void CommandHandler(CommandLine line);
}
