namespace Kiln.Tracking;

/// <summary>Readable random run names in MLflow's shape: adjective-noun-number, at most 20 characters.</summary>
public static class RunNames
{
    private static readonly string[] Adjectives =
    [
        "able", "agile", "amber", "bold", "brave", "bright", "calm", "clever", "cool", "crisp", "dapper", "eager",
        "fair", "fast", "fierce", "fond", "gentle", "glad", "grand", "happy", "honest", "keen", "kind", "lively",
        "lucky", "merry", "mighty", "neat", "nimble", "noble", "polite", "proud", "quick", "quiet", "rare", "rich",
        "sharp", "shy", "silent", "smart", "snug", "solid", "steady", "sunny", "swift", "tidy", "vivid", "warm",
        "wise", "witty", "zany", "zealous",
    ];

    private static readonly string[] Nouns =
    [
        "ant", "bass", "bat", "bear", "bee", "bird", "boar", "carp", "cat", "colt", "crab", "crane", "crow", "deer",
        "doe", "dove", "duck", "eel", "elk", "finch", "fish", "fox", "frog", "gnat", "goat", "hare", "hawk", "hen",
        "horse", "ibis", "jay", "koi", "lark", "lion", "lynx", "mink", "mole", "moth", "mouse", "newt", "owl", "ox",
        "panda", "pike", "pug", "ram", "robin", "seal", "shark", "slug", "snail", "swan", "toad", "trout", "wasp",
        "whale", "wolf", "worm", "wren", "yak",
    ];

    public static string Generate()
    {
        var random = Random.Shared;
        var name = $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}-{random.Next(0, 1001)}";
        return name.Length <= 20 ? name : name[..20];
    }
}
