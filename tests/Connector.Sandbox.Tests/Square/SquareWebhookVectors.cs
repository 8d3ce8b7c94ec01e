namespace Connector.Sandbox.Tests.Square;

/// <summary>
/// Square's webhook signature test vectors (square-dotnet/nodejs/python/java SDK unit tests), copied verbatim from
/// the shared examples so the suite never reads outside the repository.
/// </summary>
internal static class SquareWebhookVectors
{
    public const string Json = """"
{
  "algorithm": "header x-square-hmacsha256-signature == Base64(HMAC-SHA256(key=UTF8(signature_key), message=UTF8(notification_url + raw_body)))",
  "sources": [
    "square/square-dotnet-sdk: src/Square.Test/Unit/WebhooksHelperTests.cs (also legacy/Square.Legacy.Tests/Utilities/WebhooksHelperTest.cs)",
    "square/square-nodejs-sdk: tests/integration/webhooks.test.ts",
    "square/square-python-sdk: tests/integration/test_webhooks_helper.py (also legacy/tests/utilities/test_webhooks_helper.py)",
    "square/square-java-sdk: src/test/java/com/squareup/square/integration/WebhooksTest.java (also legacy-sdk/src/test/java/com/squareup/square/legacy/utilities/WebhooksHelperTest.java)"
  ],
  "cases": [
    {
      "name": "valid test notification",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
      "expected_valid": true,
      "source": "all four SDKs"
    },
    {
      "name": "valid, body with HTML-sensitive chars (must not be escaped)",
      "notification_url": "https://webhook.site/webhooks",
      "signature_key": "signature-key",
      "request_body": "{\"data\":{\"type\":\"webhooks\",\"id\":\">id<\"}}",
      "signature_header": "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U=",
      "expected_valid": true,
      "source": "all four SDKs"
    },
    {
      "name": "valid, plain body",
      "notification_url": "https://webhook.site/webhooks",
      "signature_key": "signature-key",
      "request_body": "{\"data\":{\"type\":\"webhooks\",\"id\":\"fake_id\"}}",
      "signature_header": "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA=",
      "expected_valid": true,
      "source": "nodejs + java SDK tests"
    },
    {
      "name": "invalid: notification URL differs (one character missing)",
      "notification_url": "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
      "expected_valid": false,
      "source": "all four SDKs"
    },
    {
      "name": "invalid: wrong signature key",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "MCmhFRxGX82xMwg5FsaoQA",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
      "expected_valid": false,
      "source": "all four SDKs"
    },
    {
      "name": "invalid: wrong signature header",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "1z2n3DEJJiUPKcPzQo1ftvbxGdw=",
      "expected_valid": false,
      "source": "all four SDKs"
    },
    {
      "name": "invalid: empty signature header",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "",
      "expected_valid": false,
      "source": "dotnet SDK"
    },
    {
      "name": "invalid: body changed (created_at month 06 instead of 07)",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-06-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
      "expected_valid": false,
      "source": "all four SDKs"
    },
    {
      "name": "invalid: empty body",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "",
      "signature_header": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
      "expected_valid": false,
      "source": "dotnet SDK"
    },
    {
      "name": "invalid (derived, computed locally, not in SDK tests): notification URL with trailing slash",
      "notification_url": "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9/",
      "signature_key": "Ibxx_5AKakO-3qeNVR61Dw",
      "request_body": "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\",\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\",\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}",
      "signature_header": "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=",
      "expected_valid": false,
      "computed_signature_for_this_url": "YCsg4VW/BAwbLCVpaZTycCAuZ4ylgP6bI1y/i2WsR68=",
      "source": "computed locally with Python hmac/hashlib/base64"
    }
  ],
  "notes": [
    "Formatted/pretty-printed re-serialisations of BODY must fail (SDK tests assert false) - sign the raw bytes exactly as received.",
    "SDKs throw/raise when signature_key or notification_url is empty; they return false when the header is null/empty or the body is empty."
  ]
}
"""";
}
