// Stand-in for Microsoft.Extensions.Options: how Command 11 hands a manifest entry's Options to a handler's
// constructor. Only the names the forwarder and the harness use. Never shipped.
namespace Microsoft.Extensions.Options
{
    public interface IOptions<out TOptions> where TOptions : class
    {
        TOptions Value { get; }
    }

    public static class Options
    {
        public static IOptions<TOptions> Create<TOptions>(TOptions options) where TOptions : class
        {
            return new OptionsWrapper<TOptions>(options);
        }
    }

    public class OptionsWrapper<TOptions> : IOptions<TOptions> where TOptions : class
    {
        public OptionsWrapper(TOptions options)
        {
            Value = options;
        }

        public TOptions Value { get; private set; }
    }
}
