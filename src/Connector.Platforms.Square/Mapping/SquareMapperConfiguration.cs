using AutoMapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Platforms.Square.Mapping;

/// <summary>The AutoMapper configuration of the Square profiles, built once (building compiles expression trees).</summary>
internal static class SquareMapperConfiguration
{
    /// <summary>The shared mapper; AutoMapper mappers are thread-safe.</summary>
    public static IMapper Mapper { get; } = Create().CreateMapper();

    /// <summary>A fresh configuration; tests assert it valid.</summary>
    public static MapperConfiguration Create() =>
        new(
            cfg =>
            {
                // Absent optional lists stay absent in Leat's JSON instead of turning into [].
                cfg.AllowNullCollections = true;
                cfg.AddProfile(new SquareSaleProfile());
                cfg.AddProfile(new SquareReturnProfile());
            },
            NullLoggerFactory.Instance);
}
