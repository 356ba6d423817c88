using Kiln.Core;
using Kiln.Server.Mlflow;
using Microsoft.AspNetCore.Http;

namespace Kiln.Server.KilnApi;

/// <summary>The one place Kiln errors become ProblemDetails on Kiln's own API (status codes agree with the MLflow mapping).</summary>
internal static class KilnProblems
{
    public static IResult From(KilnException exception)
    {
        var (status, code) = MlflowErrors.Map(exception.Code);
        return TypedResults.Problem(detail: exception.Message, statusCode: status, title: code, extensions: new Dictionary<string, object?> { ["error_code"] = code });
    }

    /// <summary>Endpoint filter: expected failures become ProblemDetails instead of 500s.</summary>
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (KilnException ex)
        {
            return From(ex);
        }
        catch (BadHttpRequestException ex)
        {
            return TypedResults.Problem(detail: ex.Message, statusCode: ex.StatusCode, title: "BAD_REQUEST");
        }
    }
}
