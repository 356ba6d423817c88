using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// An S3 client for S3-compatible servers: it also sends Content-MD5 with DeleteObjects. S3 wants an
/// integrity header there; SDK v4 sends a CRC32 checksum, which servers that predate S3's flexible
/// checksums (OpenStack Swift's s3api, older MinIO and Ceph releases) do not know, insisting on the
/// Content-MD5 the S3 API first specified.
/// </summary>
internal sealed class S3CompatibleClient : AmazonS3Client
{
    public S3CompatibleClient(AmazonS3Config config)
        : base(config)
    {
    }

    public S3CompatibleClient(AWSCredentials credentials, AmazonS3Config config)
        : base(credentials, config)
    {
    }

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        // After marshalling, so the body exists; before signing, so the header is signed.
        pipeline.AddHandlerAfter<Marshaller>(new DeleteObjectsContentMd5());
    }

    private sealed class DeleteObjectsContentMd5 : PipelineHandler
    {
        private const string ContentMd5 = "Content-MD5";

        public override void InvokeSync(IExecutionContext executionContext)
        {
            AddContentMd5(executionContext.RequestContext.Request);
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            AddContentMd5(executionContext.RequestContext.Request);
            return base.InvokeAsync<T>(executionContext);
        }

        private static void AddContentMd5(IRequest request)
        {
            if (request.OriginalRequest is not DeleteObjectsRequest || request.Headers.ContainsKey(ContentMd5))
            {
                return;
            }
#pragma warning disable CA5351 // MD5 is what the protocol asks for here, as a transfer checksum, not for security
            if (request.ContentStream is { CanSeek: true } body)
            {
                var start = body.Position;
                request.Headers[ContentMd5] = Convert.ToBase64String(MD5.HashData(body));
                body.Position = start;
            }
            else if (request.Content is { } content)
            {
                request.Headers[ContentMd5] = Convert.ToBase64String(MD5.HashData(content));
            }
#pragma warning restore CA5351
        }
    }
}
