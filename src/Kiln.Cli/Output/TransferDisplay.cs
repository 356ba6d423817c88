using Kiln.Client;
using Spectre.Console;

namespace Kiln.Cli.Output;

/// <summary>A progress bar on stderr while a transfer runs (none with <c>--json</c>).</summary>
internal static class TransferDisplay
{
    public static async Task<T> RunAsync<T>(CliOutput output, string verb, Func<IProgress<TransferProgress>?, Task<T>> transfer)
    {
        if (output.Json)
        {
            return await transfer(null);
        }
        return await output.ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(verb, autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                var result = await transfer(new TaskProgress(task, verb));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });
    }

    private sealed class TaskProgress(ProgressTask task, string verb) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            task.IsIndeterminate = value.TotalBytes <= 0;
            task.MaxValue = Math.Max(1, value.TotalBytes);
            task.Value = Math.Min(value.BytesDone, task.MaxValue);
            var file = value.CurrentFile.Length > 40 ? "…" + value.CurrentFile[^39..] : value.CurrentFile;
            task.Description = Markup.Escape(value.FileCount > 1 ? $"{verb} {file} ({value.FilesDone}/{value.FileCount})" : $"{verb} {file}");
        }
    }
}
