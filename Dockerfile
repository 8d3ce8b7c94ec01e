# Build and run the connector. Configuration comes from environment variables (see docker-compose.yml and README).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Connector.Host -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
COPY mappings /app/mappings
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Mappings__Directory=/app/mappings
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "Connector.Host.dll"]
