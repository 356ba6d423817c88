using System.Net.Http.Headers;
using System.Text;

namespace Kiln.Client;

/// <summary>HTTP credentials for the server: Basic (user name and password) or a Bearer token.</summary>
public sealed class KilnCredentials
{
    private KilnCredentials(AuthenticationHeaderValue header) => Header = header;

    internal AuthenticationHeaderValue Header { get; }

    public static KilnCredentials Basic(string userName, string password) =>
        new(new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}"))));

    public static KilnCredentials Bearer(string token) => new(new AuthenticationHeaderValue("Bearer", token));

    /// <summary>
    /// As MLflow's client reads them: <c>MLFLOW_TRACKING_USERNAME</c> and <c>MLFLOW_TRACKING_PASSWORD</c> for Basic,
    /// else <c>MLFLOW_TRACKING_TOKEN</c> for Bearer; null when none are set.
    /// </summary>
    public static KilnCredentials? FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var user = getVariable("MLFLOW_TRACKING_USERNAME");
        var password = getVariable("MLFLOW_TRACKING_PASSWORD");
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
        {
            return Basic(user, password);
        }
        var token = getVariable("MLFLOW_TRACKING_TOKEN");
        return string.IsNullOrEmpty(token) ? null : Bearer(token);
    }
}
