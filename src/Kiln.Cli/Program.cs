using Kiln.Cli.Commands;

return await KilnCommands.InvokeAsync(args, CliEnvironment.FromProcess());
