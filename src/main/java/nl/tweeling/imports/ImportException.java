package nl.tweeling.imports;

import nl.tweeling.common.problem.TweelingException;

/**
 * Input an import cannot take. Before a job starts it reaches the client as a 4xx problem; during a run
 * (a URL import) its message becomes the failed job's message. Either way the layer is unchanged.
 */
final class ImportException extends TweelingException {

    private ImportException(int status, String title, String detail, String parameter) {
        super(status, title, detail, parameter, null);
    }

    /** 400: the file (or download) is not something an import can read. */
    static ImportException badInput(String detail) {
        return new ImportException(400, "Invalid import", detail, null);
    }

    /** 400: a parameter of the import is wrong. */
    static ImportException badImportParameter(String parameter, String detail) {
        return new ImportException(400, "Invalid parameter", detail, parameter);
    }
}
