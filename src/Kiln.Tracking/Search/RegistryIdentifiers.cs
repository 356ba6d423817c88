using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>
/// The identifier readers of MLflow's experiment and registry searches: <c>key</c>, <c>attribute.key</c>,
/// <c>tag.key</c> or <c>tags.key</c>, nothing else.
/// </summary>
internal static class RegistryIdentifiers
{
    private static readonly string[] EntityTypes = ["attribute", "tag", "tags"];

    /// <summary>
    /// <c>SearchExperimentsUtils._get_identifier</c> (experiments, and order_by for model versions):
    /// attribute keys are checked after unquoting.
    /// </summary>
    public static (FilterEntity Entity, string Key) ReadWithUnquotedKey(string identifier, string[] validAttributes)
    {
        var (entity, rawKey) = ReadEntity(identifier);
        var key = SearchIdentifiers.UnquoteKey(rawKey);
        CheckAttribute(entity, key, validAttributes);
        return (entity, key);
    }

    /// <summary>
    /// <c>SearchModelUtils._get_model_search_identifier</c> (and its model-version twin): attribute keys
    /// are checked as written, so a quoted <c>"name"</c> is not the attribute <c>name</c>.
    /// </summary>
    public static (FilterEntity Entity, string Key) ReadWithKeyAsWritten(string identifier, string[] validAttributes)
    {
        var (entity, rawKey) = ReadEntity(identifier);
        CheckAttribute(entity, rawKey, validAttributes);
        return (entity, SearchIdentifiers.UnquoteKey(rawKey));
    }

    private static (FilterEntity Entity, string Key) ReadEntity(string identifier)
    {
        var (entityType, key) = SearchIdentifiers.Split(identifier);
        if (entityType is null)
        {
            return (FilterEntity.Attribute, key);
        }
        if (!EntityTypes.Contains(entityType))
        {
            throw KilnException.InvalidParameter($"Invalid entity type '{entityType}'. Valid entity types are {PythonRepr.Tuple(EntityTypes)}");
        }
        return (entityType == "attribute" ? FilterEntity.Attribute : FilterEntity.Tag, key);
    }

    private static void CheckAttribute(FilterEntity entity, string key, string[] validAttributes)
    {
        if (entity == FilterEntity.Attribute && !validAttributes.Contains(key))
        {
            throw KilnException.InvalidParameter($"Invalid attribute key '{key}' specified. Valid keys are '{PythonRepr.Set(validAttributes)}'");
        }
    }
}
