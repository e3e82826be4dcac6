-- One page of a relation made of branches: the branches' pages (select_items_branch.sql, each in sort order
-- and at most a page + 1 long) merged in sort order, so a page costs what a page of each branch costs.
-- {pages} the branches' pages joined by UNION ALL; {sort_values} ", m.v<i>" per sort key; {order_by} the page's
-- order over m.k<i> and m.fid. Nothing in the text comes from a request.
-- Parameters: those of each branch's page in order, then the page size + 1.
SELECT m.fid{sort_values},
       m.feature
FROM (
{pages}
) AS m
ORDER BY {order_by}
LIMIT ?
