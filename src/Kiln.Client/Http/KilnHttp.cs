using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;
using Kiln.Core;

namespace Kiln.Client.Http;

/// <summary>
/// Sends requests to one server: JSON in and out through source-generated metadata, credentials only to that
/// server, a timeout for API calls (not transfers), and failures as <see cref="KilnApiException"/> or
/// <see cref="KilnConnectionException"/>.
/// </summary>
internal sealed class KilnHttp : IDisposable
{
    private readonly HttpClient _client;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan _requestTimeout;

    public KilnHttp(KilnClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var address = options.BaseAddress;
        if (!address.IsAbsoluteUri || address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The server address must be an absolute http or https URI; got '{address}'.", nameof(options));
        }
        BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
        var handler = options.Handler ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.All,
        };
        _client = new HttpClient(handler, options.Handler is null || options.DisposeHandler)
        {
            BaseAddress = BaseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("kiln-client", KilnVersion.Current));
        _authorization = options.Credentials?.Header;
        _requestTimeout = options.RequestTimeout;
    }

    public Uri BaseAddress { get; }

    public Task<T> GetAsync<T>(string path, QueryString? query, JsonTypeInfo<T> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, path + query, null, responseType, cancellationToken);

    public Task<TResponse> SendAsync<TRequest, TResponse>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        SendJsonAsync(method, path, JsonContent.Create(body, requestType), responseType, cancellationToken);

    /// <summary>Sends a request whose answer carries nothing of interest (MLflow's <c>{}</c>).</summary>
    public async Task SendAsync<TRequest>(HttpMethod method, string path, TRequest body, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        using var response = await SendWithTimeoutAsync(method, path, JsonContent.Create(body, requestType), cancellationToken);
    }

    /// <summary>A plain-text answer, such as <c>/health</c> and <c>/version</c>.</summary>
    public async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendWithTimeoutAsync(HttpMethod.Get, path, null, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public HttpRequestMessage CreateRequest(HttpMethod method, string pathOrUrl)
    {
        var request = new HttpRequestMessage(method, new Uri(pathOrUrl, UriKind.RelativeOrAbsolute));
        var target = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(BaseAddress, request.RequestUri);
        if (_authorization is not null && Uri.Compare(target, BaseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Authorization = _authorization;
        }
        return request;
    }

    /// <summary>
    /// Sends without a timeout (artifact transfers), reading only the headers; a failure status throws unless
    /// <paramref name="accept"/> takes it. The caller disposes the answer.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamingAsync(HttpRequestMessage request, Func<HttpStatusCode, bool>? accept, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (IsConnectionFailure(ex))
        {
            throw new KilnConnectionException(BaseAddress, ex);
        }
        if (response.IsSuccessStatusCode || accept?.Invoke(response.StatusCode) == true)
        {
            return response;
        }
        using (response)
        {
            throw await ErrorResponse.ReadAsync(response, cancellationToken);
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<T> SendJsonAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendWithTimeoutAsync(method, path, content, cancellationToken);
        try
        {
            var value = await response.Content.ReadFromJsonAsync(responseType, cancellationToken);
            return value ?? throw new KilnApiException(response.StatusCode, null, $"The server answered {method} {path} with an empty body.");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new KilnApiException(response.StatusCode, null, $"The server's answer to {method} {path} is not the expected JSON: {ex.Message}");
        }
    }

    private async Task<HttpResponseMessage> SendWithTimeoutAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(method, path);
        request.Content = content;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            // Buffered: the whole answer is read within the timeout.
            var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }
            using (response)
            {
                throw await ErrorResponse.ReadAsync(response, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(method, path);
        }
        catch (HttpRequestException ex) when (IsConnectionFailure(ex))
        {
            throw new KilnConnectionException(BaseAddress, ex);
        }
    }

    private TimeoutException TimedOut(HttpMethod method, string path) =>
        new($"The Kiln server at {BaseAddress} did not answer {method} {path.Split('?')[0]} within {_requestTimeout.TotalSeconds:0.#} s.");

    /// <summary>The server could not be reached, or went away before answering.</summary>
    private static bool IsConnectionFailure(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
            or HttpRequestError.ResponseEnded;
}
