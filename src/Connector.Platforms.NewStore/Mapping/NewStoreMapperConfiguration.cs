using AutoMapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>The AutoMapper configuration of the NewStore profiles, built once (building compiles expression trees).</summary>
internal static class NewStoreMapperConfiguration
{
    private static IMapper? _mapper;

    /// <summary>The shared mapper; AutoMapper mappers are thread-safe. Without <see cref="Initialize"/> (tests) it is unlicensed and logs nowhere.</summary>
    public static IMapper Mapper => _mapper ??= Create(null, NullLoggerFactory.Instance).CreateMapper();

    /// <summary>Builds the mapper with the host's <c>AutoMapper:LicenseKey</c> and logger factory, so AutoMapper's licence message reaches the log.</summary>
    public static void Initialize(string? licenseKey, ILoggerFactory loggers) => _mapper = Create(licenseKey, loggers).CreateMapper();

    /// <summary>A fresh configuration; tests assert it valid.</summary>
    public static MapperConfiguration Create(string? licenseKey = null, ILoggerFactory? loggers = null) =>
        new(
            cfg =>
            {
                if (!string.IsNullOrWhiteSpace(licenseKey))
                {
                    cfg.LicenseKey = licenseKey;
                }

                // Absent optional lists stay absent in Leat's JSON instead of turning into [].
                cfg.AllowNullCollections = true;
                cfg.AddProfile(new NewStoreSaleProfile());
                cfg.AddProfile(new NewStoreReturnProfile());
            },
            loggers ?? NullLoggerFactory.Instance);
}
