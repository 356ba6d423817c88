using Kiln.Cli.Commands;

return await KilnCommands.Build().Parse(args).InvokeAsync();
