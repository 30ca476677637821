from ghgkit.cli import main

main()
